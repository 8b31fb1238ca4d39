using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Streamline.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LedgerAppendOnlyTriggers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The ledger is append-only in the database too, not only in the app's SaveChanges.
            migrationBuilder.Sql("""
                CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON "LedgerEntries"
                BEGIN SELECT RAISE(ABORT, 'LedgerEntries is append-only: record a new entry instead'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON "LedgerEntries"
                BEGIN SELECT RAISE(ABORT, 'LedgerEntries is append-only: record a new entry instead'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS ledger_entries_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS ledger_entries_no_delete;");
        }
    }
}
