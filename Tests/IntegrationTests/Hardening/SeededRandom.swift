/// SplitMix64: a small seeded generator, so every random input a hardening test draws is the
/// same on every run and a failure names the seed that reproduces it.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` printable ASCII characters (space to '~').
    mutating func printable(count: Int) -> String {
        String((0..<count).map { _ in Character(UnicodeScalar(UInt8.random(in: 0x20...0x7E, using: &self))) })
    }

    /// A password of 1 to 40 printable ASCII characters, often holding URL and conninfo syntax.
    mutating func password() -> String {
        let length = Int.random(in: 1...40, using: &self)
        var characters = Array(printable(count: length))
        let syntax = Array("@:/%?#=' \"\\&")
        for index in characters.indices where Bool.random(using: &self) && Bool.random(using: &self) {
            characters[index] = syntax.randomElement(using: &self) ?? "@"
        }
        return String(characters)
    }
}

/// The ways a PostgreSQL password can be written into a database URL.
enum PasswordShape: CaseIterable {
    /// `postgres://USER:PW@HOST:PORT/DB`, every reserved character percent-encoded.
    case uriEncoded
    /// `postgresql://USER:PW@…`, only what libpq needs encoded ('%', '@', '/').
    case uriMinimal
    /// `postgres://USER@HOST:PORT/DB?sslmode=disable&password=PW`.
    case uriQuery
    /// libpq `host=… port=… dbname=… user=… password='PW'`.
    case conninfo
    /// libpq `password='PW' host=…`: the password first.
    case conninfoFirst

    /// The URL for a server at `host:port`, database `database`, role `user`.
    func url(password: String, user: String, host: String, port: Int, database: String) -> String {
        switch self {
        case .uriEncoded:
            return
                "postgres://\(user):\(Self.encode(password, keeping: Self.unreserved))@\(host):\(port)/\(database)"
        case .uriMinimal:
            let keep = Set(password).subtracting(["%", "@", "/"])
            return "postgresql://\(user):\(Self.encode(password, keeping: keep))@\(host):\(port)/\(database)"
        case .uriQuery:
            return "postgres://\(user)@\(host):\(port)/\(database)?sslmode=disable&password="
                + Self.encode(password, keeping: Self.unreserved)
        case .conninfo:
            return
                "host=\(host) port=\(port) dbname=\(database) user=\(user) password=\(Self.quote(password))"
        case .conninfoFirst:
            return
                "password=\(Self.quote(password)) host=\(host) port=\(port) dbname=\(database) user=\(user)"
        }
    }

    static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func encode(_ text: String, keeping: Set<Character>) -> String {
        text.map { keeping.contains($0) ? String($0) : $0.utf8.map { String(format: "%%%02X", $0) }.joined() }
            .joined()
    }

    /// A libpq conninfo value in single quotes, `\` and `'` escaped.
    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
            + "'"
    }
}

/// The 4-character pieces of `secret` that `text` contains (any longer piece contains one);
/// a password shorter than that counts as leaked when it shows where a URL holds a password
/// (`USER:PW@`, `password=PW`), as written or percent-encoded.
func leakedFragments(of secret: String, user: String, in text: String) -> [String] {
    let characters = Array(secret)
    guard characters.count < 4 else {
        return (0...(characters.count - 4)).map { String(characters[$0..<($0 + 4)]) }.filter {
            text.contains($0)
        }
    }
    let forms = [
        secret, PasswordShape.encode(secret, keeping: PasswordShape.unreserved), PasswordShape.quote(secret),
    ]
    let contexts = forms.flatMap { ["\(user):\($0)@", "password=\($0)"] }
    return contexts.filter { text.contains($0) }
}
