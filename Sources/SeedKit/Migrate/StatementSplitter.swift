/// Splits a migration's SQL into the statements its dialect's own shell would send, each with
/// its UTF-8 byte offset in the script.
///
/// - SQLite follows `sqlite3_complete()`: `'…'`, `"…"`, `` `…` `` and `[…]` quote, block comments
///   do not nest, and inside `CREATE [TEMP] TRIGGER … BEGIN … END;` semicolons do not split.
///   Every statement it yields is complete by `sqlite3_complete()` and no shorter prefix is.
/// - PostgreSQL follows psql's lexer: `'…'`, `E'…'` (backslash escapes), `U&'…'`, `"…"`,
///   nested `/* */` comments, `$tag$…$tag$` bodies; a semicolon inside parentheses
///   (`CREATE RULE … DO (a; b)`) or inside the `BEGIN ATOMIC … END` of a `CREATE FUNCTION` or
///   `PROCEDURE` does not split. A backslash outside quotes starts a psql meta-command that
///   runs to the end of its line, and the data lines after `COPY … FROM stdin;` up to `\.`
///   are yielded as one data block.
///
/// Nothing is dropped: what lies outside the yielded statements is whitespace, comments, empty
/// statements (`;`) and the `\.` line ending a COPY data block.
enum StatementSplitter {
    /// One statement, data block or meta-command, and where it starts in the script.
    struct Statement: Sendable, Hashable {
        enum Kind: Sendable, Hashable {
            /// SQL, from its first character through its terminating semicolon (if any).
            case sql
            /// The rows of the `COPY … FROM stdin` statement before it, up to the `\.` line.
            case copyData
            /// A psql meta-command such as `\restrict KEY`, without its line end.
            case metaCommand
        }

        var kind: Kind
        var sql: String
        /// Zero-based UTF-8 byte offset of the statement's first character in the script.
        var offset: Int

        init(kind: Kind = .sql, sql: String, offset: Int) {
            self.kind = kind
            self.sql = sql
            self.offset = offset
        }

        /// The UTF-8 byte length of the text.
        var length: Int { sql.utf8.count }
    }

    /// The statements of `script` in `dialect`, without empty ones (only whitespace or comments).
    static func split(_ script: String, dialect: Dialect) -> [Statement] {
        let bytes = Array(script.utf8)
        switch dialect {
        case .sqlite: return SQLiteLexer(bytes: bytes).split()
        case .postgres: return PostgresLexer(bytes: bytes).split()
        }
    }

    static func text(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }
}

// MARK: - Bytes both lexers classify

func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
func isLetter(_ byte: UInt8) -> Bool { byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A }
