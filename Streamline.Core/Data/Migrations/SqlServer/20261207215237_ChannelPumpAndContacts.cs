using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Streamline.Core.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ChannelPumpAndContacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ModelAllowanceMillicredits",
                table: "ServiceRuns",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "ModelCostMillicredits",
                table: "ServiceRuns",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "EarlierDetails",
                table: "Contacts",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ChannelHealthEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    WorkspaceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ChannelId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    At = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChannelHealthEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChannelHealthEvents_MessagingChannels_ChannelId",
                        column: x => x.ChannelId,
                        principalTable: "MessagingChannels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ChannelInbound",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ChannelId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ProviderMessageId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    SenderId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    SentAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Payload = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    LeaseUntil = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Attempts = table.Column<int>(type: "int", nullable: false),
                    ChannelMessageId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ProcessedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Error = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChannelInbound", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChannelInbound_MessagingChannels_ChannelId",
                        column: x => x.ChannelId,
                        principalTable: "MessagingChannels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ChannelPendingStatuses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ChannelId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ProviderMessageId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    State = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    ErrorCode = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    ErrorMessage = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    ReceivedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChannelPendingStatuses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChannelPendingStatuses_MessagingChannels_ChannelId",
                        column: x => x.ChannelId,
                        principalTable: "MessagingChannels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_WorkspaceId_Phone",
                table: "Contacts",
                columns: new[] { "WorkspaceId", "Phone" });

            migrationBuilder.CreateIndex(
                name: "IX_ChannelIdentities_ContactId",
                table: "ChannelIdentities",
                column: "ContactId");

            migrationBuilder.CreateIndex(
                name: "IX_ChannelHealthEvents_At",
                table: "ChannelHealthEvents",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_ChannelHealthEvents_ChannelId",
                table: "ChannelHealthEvents",
                column: "ChannelId");

            migrationBuilder.CreateIndex(
                name: "IX_ChannelHealthEvents_Kind_At",
                table: "ChannelHealthEvents",
                columns: new[] { "Kind", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ChannelHealthEvents_WorkspaceId",
                table: "ChannelHealthEvents",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_ChannelInbound_ChannelId_ProviderMessageId",
                table: "ChannelInbound",
                columns: new[] { "ChannelId", "ProviderMessageId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChannelInbound_ChannelId_SenderId_ProcessedAt",
                table: "ChannelInbound",
                columns: new[] { "ChannelId", "SenderId", "ProcessedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ChannelInbound_ProcessedAt_ReceivedAt",
                table: "ChannelInbound",
                columns: new[] { "ProcessedAt", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ChannelInbound_WorkspaceId",
                table: "ChannelInbound",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_ChannelPendingStatuses_ChannelId_ProviderMessageId_State",
                table: "ChannelPendingStatuses",
                columns: new[] { "ChannelId", "ProviderMessageId", "State" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChannelPendingStatuses_ReceivedAt",
                table: "ChannelPendingStatuses",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ChannelPendingStatuses_WorkspaceId",
                table: "ChannelPendingStatuses",
                column: "WorkspaceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChannelHealthEvents");

            migrationBuilder.DropTable(
                name: "ChannelInbound");

            migrationBuilder.DropTable(
                name: "ChannelPendingStatuses");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_WorkspaceId_Phone",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_ChannelIdentities_ContactId",
                table: "ChannelIdentities");

            migrationBuilder.DropColumn(
                name: "ModelAllowanceMillicredits",
                table: "ServiceRuns");

            migrationBuilder.DropColumn(
                name: "ModelCostMillicredits",
                table: "ServiceRuns");

            migrationBuilder.DropColumn(
                name: "EarlierDetails",
                table: "Contacts");
        }
    }
}
