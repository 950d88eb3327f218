/// The concrete connection behind an `any Connection`, for work that needs one backend's own
/// API (PostgreSQL's COPY, SQLite's compiled statements): a switch, not a downcast.
public enum ConnectionBackend {
    case postgres(PostgresConnection)
    case sqlite(SQLiteConnection)
}
