using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Streamline.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddCreditReservationsAndPackages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CreditPackages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PriceCents = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    CreditsMillicredits = table.Column<long>(type: "INTEGER", nullable: false),
                    Features = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CreditPackages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CreditReservations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WalletId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AmountMillicredits = table.Column<long>(type: "INTEGER", nullable: false),
                    CapturedMillicredits = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CloseIdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CreditReservations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CreditReservations_Wallets_WalletId",
                        column: x => x.WalletId,
                        principalTable: "Wallets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "CreditPackages",
                columns: new[] { "Id", "Code", "CreditsMillicredits", "Currency", "Features", "IsActive", "Kind", "Name", "PriceCents", "SortOrder" },
                values: new object[,]
                {
                    { new Guid("2f6b8f0e-5d3c-4c1a-9a51-0c1f3a2b7e01"), "starter", 200000L, "usd", "200 credits per month\nBasic automation tools\nEmail support", true, "Subscription", "Starter", 1999L, 10 },
                    { new Guid("2f6b8f0e-5d3c-4c1a-9a51-0c1f3a2b7e02"), "professional", 600000L, "usd", "600 credits per month\nAdvanced automation tools\nPriority support\nAPI access", true, "Subscription", "Professional", 4999L, 20 },
                    { new Guid("2f6b8f0e-5d3c-4c1a-9a51-0c1f3a2b7e03"), "enterprise", 1500000L, "usd", "1,500 credits per month\nPremium automation tools\n24/7 support\nCustom integrations\nDedicated account manager", true, "Subscription", "Enterprise", 9999L, 30 },
                    { new Guid("2f6b8f0e-5d3c-4c1a-9a51-0c1f3a2b7e11"), "pack-100", 100000L, "usd", "", true, "Pack", "100 credits", 1000L, 110 },
                    { new Guid("2f6b8f0e-5d3c-4c1a-9a51-0c1f3a2b7e12"), "pack-550", 550000L, "usd", "", true, "Pack", "550 credits", 4500L, 120 },
                    { new Guid("2f6b8f0e-5d3c-4c1a-9a51-0c1f3a2b7e13"), "pack-1350", 1350000L, "usd", "", true, "Pack", "1,350 credits", 10000L, 130 },
                    { new Guid("2f6b8f0e-5d3c-4c1a-9a51-0c1f3a2b7e14"), "pack-3500", 3500000L, "usd", "", true, "Pack", "3,500 credits", 22500L, 140 },
                    { new Guid("2f6b8f0e-5d3c-4c1a-9a51-0c1f3a2b7e15"), "pack-12000", 12000000L, "usd", "", true, "Pack", "12,000 credits", 70000L, 150 }
                });

            migrationBuilder.CreateIndex(
                name: "IX_CreditPackages_Code",
                table: "CreditPackages",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CreditReservations_Status_ExpiresAt",
                table: "CreditReservations",
                columns: new[] { "Status", "ExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CreditReservations_WalletId",
                table: "CreditReservations",
                column: "WalletId");

            migrationBuilder.CreateIndex(
                name: "IX_CreditReservations_WorkspaceId_CreatedAt",
                table: "CreditReservations",
                columns: new[] { "WorkspaceId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CreditPackages");

            migrationBuilder.DropTable(
                name: "CreditReservations");
        }
    }
}
