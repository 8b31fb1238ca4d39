using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Streamline.Core.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class LedgerAppendOnlyTriggers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The ledger is append-only in the database too, not only in the app's SaveChanges.
            // Compiled and scripted here; no SQL Server runs in this project's tests.
            migrationBuilder.Sql("""
                CREATE TRIGGER [ledger_entries_append_only] ON [LedgerEntries]
                INSTEAD OF UPDATE, DELETE
                AS
                BEGIN
                    THROW 51000, 'LedgerEntries is append-only: record a new entry instead', 1;
                END
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS [ledger_entries_append_only];");
        }
    }
}
