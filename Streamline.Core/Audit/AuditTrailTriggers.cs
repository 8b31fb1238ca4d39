using Microsoft.EntityFrameworkCore.Migrations;

namespace Streamline.Core.Audit;

/// <summary>
/// The audit log is append-only in the database too, not only in the app's SaveChanges: the same triggers as the
/// ledger's. Called in one line from the migration that creates the table, so a regenerated migration keeps them.
/// </summary>
public static class AuditTrailTriggers
{
    private const string Message = "AuditEntries is append-only";

    public static void Up(MigrationBuilder migrationBuilder)
    {
        switch (migrationBuilder.ActiveProvider)
        {
            case "Microsoft.EntityFrameworkCore.Sqlite":
                migrationBuilder.Sql($"""
                    CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON "AuditEntries"
                    BEGIN SELECT RAISE(ABORT, '{Message}'); END;
                    """);
                migrationBuilder.Sql($"""
                    CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON "AuditEntries"
                    BEGIN SELECT RAISE(ABORT, '{Message}'); END;
                    """);
                break;
            case "Npgsql.EntityFrameworkCore.PostgreSQL":
                migrationBuilder.Sql($"""
                    CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        RAISE EXCEPTION '{Message}: % is not allowed', TG_OP
                            USING ERRCODE = 'integrity_constraint_violation';
                    END
                    $$;
                    CREATE TRIGGER audit_entries_append_only
                        BEFORE UPDATE OR DELETE ON "AuditEntries"
                        FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
                    CREATE TRIGGER audit_entries_no_truncate
                        BEFORE TRUNCATE ON "AuditEntries"
                        FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
                    """);
                break;
            case "Microsoft.EntityFrameworkCore.SqlServer":
                migrationBuilder.Sql($"""
                    CREATE TRIGGER [audit_entries_append_only] ON [AuditEntries]
                    INSTEAD OF UPDATE, DELETE
                    AS
                    BEGIN
                        THROW 51000, '{Message}', 1;
                    END
                    """);
                break;
            default:
                throw new NotSupportedException($"No append-only triggers for {migrationBuilder.ActiveProvider}.");
        }
    }

    public static void Down(MigrationBuilder migrationBuilder)
    {
        switch (migrationBuilder.ActiveProvider)
        {
            case "Microsoft.EntityFrameworkCore.Sqlite":
                migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_entries_no_update;");
                migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_entries_no_delete;");
                break;
            case "Npgsql.EntityFrameworkCore.PostgreSQL":
                migrationBuilder.Sql("""
                    DROP TRIGGER IF EXISTS audit_entries_no_truncate ON "AuditEntries";
                    DROP TRIGGER IF EXISTS audit_entries_append_only ON "AuditEntries";
                    DROP FUNCTION IF EXISTS audit_entries_append_only();
                    """);
                break;
            case "Microsoft.EntityFrameworkCore.SqlServer":
                migrationBuilder.Sql("DROP TRIGGER IF EXISTS [audit_entries_append_only];");
                break;
        }
    }
}
