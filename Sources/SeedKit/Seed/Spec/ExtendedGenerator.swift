/// A built-in generator with the columns a migration added: the generator writes its columns,
/// then each added column's value for the same row (a function of the seed, the table, the
/// row and the column's name), before the row ends.
struct ExtendedGenerator<Base: TableGenerator>: TableGenerator {
    let base: Base
    let extras: TableExtras
    let plan: DatasetPlan

    var table: SeededTable { extras.table }
    var drivers: Range<Int> { base.drivers }

    func generate<S: RowSink>(drivers: Range<Int>, into sink: inout S) throws {
        let first = plan.firstRow(of: base.table, driver: drivers.lowerBound)
        try withUnsafeMutablePointer(to: &sink) { inner in
            var extending = ExtendingSink(
                inner: inner, extras: extras, row: first,
                random: plan.row(CounterHash.stream(base.table.name), first))
            try base.generate(drivers: drivers, into: &extending)
        }
    }
}

/// Passes a built-in generator's fields through, keeping its times (what `after:` reads), and
/// writes the added columns when the row ends.
private struct ExtendingSink<Inner: RowSink>: RowSink {
    let inner: UnsafeMutablePointer<Inner>
    let extras: TableExtras
    var row: SpecRow
    private var field = 0

    init(inner: UnsafeMutablePointer<Inner>, extras: TableExtras, row: Int, random: RowRandom) {
        self.inner = inner
        self.extras = extras
        self.row = SpecRow(
            random: random, row: row,
            times: Array(
                repeating: Timestamp(microseconds: 0), count: extras.builtInCount + extras.columns.count))
    }

    mutating func uuid(_ value: SeedUUID) {
        field += 1
        inner.pointee.uuid(value)
    }
    mutating func text(_ value: String) {
        field += 1
        inner.pointee.text(value)
    }
    mutating func integer(_ value: Int) {
        field += 1
        inner.pointee.integer(value)
    }
    mutating func real(_ value: Double) {
        field += 1
        inner.pointee.real(value)
    }
    mutating func boolean(_ value: Bool) {
        field += 1
        inner.pointee.boolean(value)
    }
    mutating func json(_ value: String) {
        field += 1
        inner.pointee.json(value)
    }
    mutating func null() {
        if field < row.times.count { row.times[field] = SpecRow.null }
        field += 1
        inner.pointee.null()
    }

    mutating func timestamp(_ value: Timestamp) {
        if field < row.times.count { row.times[field] = value }
        field += 1
        inner.pointee.timestamp(value)
    }

    mutating func endRow() throws {
        for index in extras.columns.indices { extras.columns[index].write(&row, into: &inner.pointee) }
        try inner.pointee.endRow()
        field = 0
        row.row += 1
        row.random = RowRandom(hash: row.random.hash, stream: row.random.stream, row: row.row)
    }
}
