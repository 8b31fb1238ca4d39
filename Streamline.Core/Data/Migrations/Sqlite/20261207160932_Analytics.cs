using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Streamline.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Analytics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DailyStats",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Hour = table.Column<int>(type: "INTEGER", nullable: false),
                    CampaignId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Conversations = table.Column<int>(type: "INTEGER", nullable: false),
                    ConversationsEngaged = table.Column<int>(type: "INTEGER", nullable: false),
                    ConversationsAnswered = table.Column<int>(type: "INTEGER", nullable: false),
                    VisitorMessages = table.Column<int>(type: "INTEGER", nullable: false),
                    AiReplies = table.Column<int>(type: "INTEGER", nullable: false),
                    HumanReplies = table.Column<int>(type: "INTEGER", nullable: false),
                    Handoffs = table.Column<int>(type: "INTEGER", nullable: false),
                    Leads = table.Column<int>(type: "INTEGER", nullable: false),
                    QualifiedLeads = table.Column<int>(type: "INTEGER", nullable: false),
                    ProposalsSent = table.Column<int>(type: "INTEGER", nullable: false),
                    ProposalsAccepted = table.Column<int>(type: "INTEGER", nullable: false),
                    ProposalRevenueCents = table.Column<long>(type: "INTEGER", nullable: false),
                    JobsCreated = table.Column<int>(type: "INTEGER", nullable: false),
                    Orders = table.Column<int>(type: "INTEGER", nullable: false),
                    OrderRevenueCents = table.Column<long>(type: "INTEGER", nullable: false),
                    AiCostMillicredits = table.Column<long>(type: "INTEGER", nullable: false),
                    FirstResponseWithin10s = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstResponseWithin30s = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstResponseWithin1m = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstResponseWithin5m = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstResponseWithin15m = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstResponseWithin1h = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstResponseWithin1d = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstResponseLater = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DailyStats", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DailyStats_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_CreatedAt",
                table: "Conversations",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ChatMessages_CreatedAt",
                table: "ChatMessages",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_DailyStats_Day",
                table: "DailyStats",
                column: "Day");

            migrationBuilder.CreateIndex(
                name: "IX_DailyStats_WorkspaceId_Day",
                table: "DailyStats",
                columns: new[] { "WorkspaceId", "Day" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DailyStats");

            migrationBuilder.DropIndex(
                name: "IX_Conversations_CreatedAt",
                table: "Conversations");

            migrationBuilder.DropIndex(
                name: "IX_ChatMessages_CreatedAt",
                table: "ChatMessages");
        }
    }
}
