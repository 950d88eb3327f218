/// What swapping shadow tables in for the seeded tables would lose, read from the catalogs.
///
/// The swap drops the real tables and moves the shadows into their schemas, so everything
/// PostgreSQL keeps by table OID and `CREATE TABLE … (LIKE … INCLUDING ALL)` does not copy
/// would be lost: grants, owner, triggers, policies and row-level security, comments on the
/// table or its keys and indexes, storage parameters, tablespace, replica identity, column
/// statistics settings, inheritance, security labels, and every object that depends on the
/// table or its row type (views, foreign keys from other tables, owned sequences of `serial`
/// and identity columns, publications, extended statistics …). Foreign keys among the seeded
/// tables, their own keys, indexes, defaults and checks are rebuilt on the shadows and lose
/// nothing.
enum ShadowSwapCheck {
    /// One line per reason, `TABLE: reason`; empty when a swap loses nothing.
    static func blockers(on connection: any Connection) throws -> [String] {
        let list = SeedSchema.tables.map { "'\($0.physicalName(.postgres))'" }.joined(separator: ",")
        let database = try connection.query(
            "SELECT has_database_privilege(current_database(), 'CREATE') AS allowed"
        ).first?["allowed"].bool
        var reasons = database == false ? ["the role may not create a schema in this database"] : []
        reasons += try connection.query(
            """
            WITH seeded AS (
                SELECT c.oid AS rel, c.* FROM unnest(ARRAY[\(list)]::regclass[]) AS t(rel)
                JOIN pg_class c ON c.oid = t.rel)
            SELECT s.rel::regclass::text AS tbl, r.reason FROM seeded s CROSS JOIN LATERAL (
                SELECT 'it is not a plain, logged table' AS reason
                WHERE s.relkind <> 'r' OR s.relpersistence <> 'p'
                UNION ALL SELECT 'it is owned by ' || pg_get_userbyid(s.relowner)
                WHERE s.relowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)
                UNION ALL SELECT 'the role may not create tables in its schema'
                WHERE NOT has_schema_privilege(s.relnamespace, 'CREATE')
                UNION ALL SELECT 'it has grants'
                WHERE s.relacl IS NOT NULL
                    OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = s.rel AND a.attacl IS NOT NULL)
                UNION ALL SELECT 'it has row-level security' WHERE s.relrowsecurity OR s.relforcerowsecurity
                UNION ALL SELECT 'it has storage parameters, a tablespace or a replica identity'
                WHERE s.reloptions IS NOT NULL OR s.reltablespace <> 0 OR s.relreplident <> 'd'
                UNION ALL SELECT 'it has column statistics targets or options'
                WHERE EXISTS (
                    SELECT 1 FROM pg_attribute a WHERE a.attrelid = s.rel AND a.attnum > 0
                    AND (a.attoptions IS NOT NULL OR a.attstattarget >= 0))
                UNION ALL SELECT 'it is part of an inheritance tree'
                WHERE EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = s.rel OR i.inhparent = s.rel)
                UNION ALL SELECT 'it has a comment on the table, a key or an index'
                WHERE EXISTS (
                    SELECT 1 FROM pg_description d
                    WHERE (d.classoid = 'pg_class'::regclass AND d.objsubid = 0
                           AND (d.objoid = s.rel OR d.objoid IN (SELECT indexrelid FROM pg_index WHERE indrelid = s.rel)))
                       OR (d.classoid = 'pg_constraint'::regclass
                           AND d.objoid IN (SELECT oid FROM pg_constraint WHERE conrelid = s.rel AND contype <> 'c')))
                UNION ALL SELECT 'it has a security label'
                WHERE EXISTS (SELECT 1 FROM pg_seclabel l WHERE l.classoid = 'pg_class'::regclass AND l.objoid = s.rel)
                UNION ALL SELECT DISTINCT 'it has ' || pg_describe_object(d.classid, d.objid, 0)
                FROM pg_depend d
                WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = s.rel)
                       OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = s.reltype))
                  AND NOT (d.classid = 'pg_class'::regclass AND (d.objid = s.rel OR d.objid = s.reltoastrelid
                           OR d.objid IN (SELECT indexrelid FROM pg_index WHERE indrelid = s.rel)))
                  AND NOT (d.classid = 'pg_type'::regclass
                           AND d.objid IN (SELECT oid FROM pg_type WHERE oid = s.reltype OR typelem = s.reltype))
                  AND NOT (d.classid = 'pg_attrdef'::regclass
                           AND d.objid IN (SELECT oid FROM pg_attrdef WHERE adrelid = s.rel))
                  AND NOT (d.classid = 'pg_constraint'::regclass
                           AND d.objid IN (SELECT oid FROM pg_constraint WHERE conrelid IN (SELECT rel FROM seeded)))
                  AND NOT (d.classid = 'pg_trigger'::regclass
                           AND d.objid IN (SELECT oid FROM pg_trigger WHERE tgisinternal))
            ) r ORDER BY 1, 2
            """
        ).map { "\($0["tbl"].string ?? "?"): \($0["reason"].string ?? "?")" }
        let names = SeedSchema.tables.map { $0.physicalName(.postgres).split(separator: ".").last ?? "" }
        if Set(names).count != names.count {
            reasons.append("two seeded tables share a name in different schemas")
        }
        return reasons
    }
}
