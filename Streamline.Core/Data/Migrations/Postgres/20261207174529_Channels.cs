using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Streamline.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Channels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MessagingChannels",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Channel = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RouteKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    IsSandbox = table.Column<bool>(type: "boolean", nullable: false),
                    CredentialsCiphertext = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    VerifyToken = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Connection = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ConnectedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DisconnectedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MessagingChannels", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MessagingChannels_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MessagingChannels_Channel_RouteKey",
                table: "MessagingChannels",
                columns: new[] { "Channel", "RouteKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MessagingChannels_VerifyToken",
                table: "MessagingChannels",
                column: "VerifyToken");

            migrationBuilder.CreateIndex(
                name: "IX_MessagingChannels_WorkspaceId",
                table: "MessagingChannels",
                column: "WorkspaceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MessagingChannels");
        }
    }
}
