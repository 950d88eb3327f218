/// The parameter draws: how many plans a query gets judged on, and the values of each.
extension Explainer {
    /// The parameter values of plan draw `draw`: sampled ones as the sampler draws them, `one
    /// of` values in turn (every combination once), and a label naming them.
    func planDraw(_ query: CatalogQuery, order: [String], draw: Int, sampler: ParameterSampler) throws
        -> (values: [SQLValue], label: String)
    {
        var values = try sampler.values(for: query, order: order, draw: draw)
        var rest = draw
        var label: [String] = []
        for (position, name) in order.enumerated() {
            guard let source = query.parameters.first(where: { $0.name == name })?.source else { continue }
            switch source {
            case .oneOf(let items):
                values[position] = .text(items[rest % items.count])
                rest /= items.count
                label.append("\(name)=\(values[position].string ?? "")")
            case .sample:
                label.append("\(name)=\(values[position].string ?? "NULL")")
            case .batch, .newUUID:
                break
            }
        }
        return (values, label.joined(separator: ", "))
    }

    /// How many plans to judge: every combination of `one of` values, and at least
    /// `sampleDraws` when a parameter is sampled; one for a query without parameters.
    func planDraws(_ query: CatalogQuery) -> Int {
        var combinations = 1
        var sampled = false
        for (_, source) in query.parameters {
            switch source {
            case .oneOf(let items): combinations *= items.count
            case .sample, .batch: sampled = true
            case .newUUID: break
            }
        }
        return min(Self.maximumPlanDraws, max(combinations, sampled ? options.sampleDraws : 1))
    }
}
