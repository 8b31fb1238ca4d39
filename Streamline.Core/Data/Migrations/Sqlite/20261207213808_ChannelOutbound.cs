using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Streamline.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ChannelOutbound : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ChannelPendingStatuses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChannelId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderMessageId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ErrorCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ErrorMessage = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                name: "ChannelPendingStatuses");
        }
    }
}
