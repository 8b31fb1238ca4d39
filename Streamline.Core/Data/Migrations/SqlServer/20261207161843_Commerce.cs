using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Streamline.Core.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Commerce : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "OrderLookupAttempts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ConversationId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    At = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Matched = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrderLookupAttempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OrderLookupAttempts_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ShopifyStores",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ShopDomain = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: true),
                    Currency = table.Column<string>(type: "nvarchar(3)", maxLength: 3, nullable: false),
                    IsSandbox = table.Column<bool>(type: "bit", nullable: false),
                    AccessTokenCiphertext = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    AccessTokenExpiresAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    RefreshTokenCiphertext = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    Connection = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    ConnectedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    DisconnectedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    SyncPhase = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    SyncCursor = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    SyncSince = table.Column<DateTime>(type: "datetime2", nullable: true),
                    SyncRunStartedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    SyncedThrough = table.Column<DateTime>(type: "datetime2", nullable: true),
                    LastSyncCompletedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    RunOrdersSynced = table.Column<int>(type: "int", nullable: false),
                    RunOrdersExpected = table.Column<int>(type: "int", nullable: true),
                    LastSyncError = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    SyncLeaseOwner = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    SyncLeaseUntil = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShopifyStores", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ShopifyStores_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ShopifyWebhooks",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: false),
                    Topic = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    ShopDomain = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: false),
                    TriggeredAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Payload = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    LockedUntil = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ProcessedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Attempts = table.Column<int>(type: "int", nullable: false),
                    Outcome = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShopifyWebhooks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CommerceCustomers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    StoreId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ShopifyId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    FirstName = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: true),
                    LastName = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: true),
                    Email = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    Phone = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommerceCustomers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CommerceCustomers_ShopifyStores_StoreId",
                        column: x => x.StoreId,
                        principalTable: "ShopifyStores",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CommerceOrders",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    StoreId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ShopifyId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    Number = table.Column<int>(type: "int", nullable: false),
                    Email = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    Phone = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: true),
                    CustomerShopifyId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    CustomerName = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: true),
                    Currency = table.Column<string>(type: "nvarchar(3)", maxLength: 3, nullable: false),
                    TotalMinor = table.Column<long>(type: "bigint", nullable: false),
                    RefundedMinor = table.Column<long>(type: "bigint", nullable: false),
                    FinancialStatus = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    FulfillmentStatus = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CancelledAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    DetailsJson = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommerceOrders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CommerceOrders_ShopifyStores_StoreId",
                        column: x => x.StoreId,
                        principalTable: "ShopifyStores",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CommerceProducts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    StoreId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ShopifyId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    MinPriceMinor = table.Column<long>(type: "bigint", nullable: false),
                    TotalInventory = table.Column<int>(type: "int", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommerceProducts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CommerceProducts_ShopifyStores_StoreId",
                        column: x => x.StoreId,
                        principalTable: "ShopifyStores",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CommerceCustomers_StoreId_ShopifyId",
                table: "CommerceCustomers",
                columns: new[] { "StoreId", "ShopifyId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CommerceCustomers_WorkspaceId_Email",
                table: "CommerceCustomers",
                columns: new[] { "WorkspaceId", "Email" });

            migrationBuilder.CreateIndex(
                name: "IX_CommerceOrders_StoreId_ShopifyId",
                table: "CommerceOrders",
                columns: new[] { "StoreId", "ShopifyId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CommerceOrders_WorkspaceId_CreatedAt",
                table: "CommerceOrders",
                columns: new[] { "WorkspaceId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CommerceOrders_WorkspaceId_Email",
                table: "CommerceOrders",
                columns: new[] { "WorkspaceId", "Email" });

            migrationBuilder.CreateIndex(
                name: "IX_CommerceOrders_WorkspaceId_Number",
                table: "CommerceOrders",
                columns: new[] { "WorkspaceId", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_CommerceProducts_StoreId_ShopifyId",
                table: "CommerceProducts",
                columns: new[] { "StoreId", "ShopifyId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OrderLookupAttempts_ConversationId_At",
                table: "OrderLookupAttempts",
                columns: new[] { "ConversationId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_OrderLookupAttempts_WorkspaceId",
                table: "OrderLookupAttempts",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_ShopifyStores_ShopDomain",
                table: "ShopifyStores",
                column: "ShopDomain",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ShopifyStores_WorkspaceId",
                table: "ShopifyStores",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_ShopifyWebhooks_ProcessedAt_ReceivedAt",
                table: "ShopifyWebhooks",
                columns: new[] { "ProcessedAt", "ReceivedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CommerceCustomers");

            migrationBuilder.DropTable(
                name: "CommerceOrders");

            migrationBuilder.DropTable(
                name: "CommerceProducts");

            migrationBuilder.DropTable(
                name: "OrderLookupAttempts");

            migrationBuilder.DropTable(
                name: "ShopifyWebhooks");

            migrationBuilder.DropTable(
                name: "ShopifyStores");
        }
    }
}
