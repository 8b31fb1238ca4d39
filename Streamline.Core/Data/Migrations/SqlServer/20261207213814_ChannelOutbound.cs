using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Streamline.Core.Data.Migrations.SqlServer
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
