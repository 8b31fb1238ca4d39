using System;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Streamline.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddCreditsWalletAndLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Wallets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    BalanceMillicredits = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    LowBalanceThresholdMillicredits = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Wallets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Wallets_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LedgerEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WalletId = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    AmountMillicredits = table.Column<long>(type: "bigint", nullable: false),
                    BalanceAfterMillicredits = table.Column<long>(type: "bigint", nullable: false),
                    ActorUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    RelatedObject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    IdempotencyKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LedgerEntries_Wallets_WalletId",
                        column: x => x.WalletId,
                        principalTable: "Wallets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_IdempotencyKey",
                table: "LedgerEntries",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_WalletId_CreatedAt",
                table: "LedgerEntries",
                columns: new[] { "WalletId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_WorkspaceId_CreatedAt",
                table: "LedgerEntries",
                columns: new[] { "WorkspaceId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Wallets_WorkspaceId",
                table: "Wallets",
                column: "WorkspaceId",
                unique: true);

            // Hand-written: the ledger is append-only in the database too, whoever connects.
            if (migrationBuilder.IsNpgsql())
            {
                migrationBuilder.Sql("""
                    CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        RAISE EXCEPTION 'LedgerEntries is append-only: % is not allowed', TG_OP
                            USING ERRCODE = 'integrity_constraint_violation';
                    END
                    $$;
                    CREATE TRIGGER ledger_entries_append_only
                        BEFORE UPDATE OR DELETE ON "LedgerEntries"
                        FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();
                    CREATE TRIGGER ledger_entries_no_truncate
                        BEFORE TRUNCATE ON "LedgerEntries"
                        FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_append_only();
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            if (migrationBuilder.IsNpgsql())
            {
                migrationBuilder.Sql("""
                    DROP TRIGGER IF EXISTS ledger_entries_no_truncate ON "LedgerEntries";
                    DROP TRIGGER IF EXISTS ledger_entries_append_only ON "LedgerEntries";
                    DROP FUNCTION IF EXISTS ledger_entries_append_only();
                    """);
            }

            migrationBuilder.DropTable(
                name: "LedgerEntries");

            migrationBuilder.DropTable(
                name: "Wallets");
        }
    }
}
