using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Streamline.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ChannelFace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ChannelHealth",
                columns: table => new
                {
                    ChannelId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SignatureFailures = table.Column<int>(type: "INTEGER", nullable: false),
                    ProviderErrors = table.Column<int>(type: "INTEGER", nullable: false),
                    SignatureFailuresInARow = table.Column<int>(type: "INTEGER", nullable: false),
                    ProviderErrorsInARow = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    LastErrorAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastInboundAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastSentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Trouble = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TroubleSince = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChannelHealth", x => x.ChannelId);
                    table.ForeignKey(
                        name: "FK_ChannelHealth_MessagingChannels_ChannelId",
                        column: x => x.ChannelId,
                        principalTable: "MessagingChannels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SandboxChannelMessages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChannelId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Outbound = table.Column<bool>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    ProviderMessageId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Read = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxChannelMessages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SandboxChannelMessages_MessagingChannels_ChannelId",
                        column: x => x.ChannelId,
                        principalTable: "MessagingChannels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChannelHealth_WorkspaceId",
                table: "ChannelHealth",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_SandboxChannelMessages_ChannelId_At",
                table: "SandboxChannelMessages",
                columns: new[] { "ChannelId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_SandboxChannelMessages_WorkspaceId",
                table: "SandboxChannelMessages",
                column: "WorkspaceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChannelHealth");

            migrationBuilder.DropTable(
                name: "SandboxChannelMessages");
        }
    }
}
