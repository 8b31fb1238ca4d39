using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Streamline.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ChannelWebhookTileAndScraperModel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ModelAllowanceMillicredits",
                table: "ServiceRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "ModelCostMillicredits",
                table: "ServiceRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "ChannelHealthEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChannelId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChannelHealthEvents");

            migrationBuilder.DropColumn(
                name: "ModelAllowanceMillicredits",
                table: "ServiceRuns");

            migrationBuilder.DropColumn(
                name: "ModelCostMillicredits",
                table: "ServiceRuns");
        }
    }
}
