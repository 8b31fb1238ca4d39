using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Streamline.Core.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class WidgetCap : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "AiCapNotifiedOn",
                table: "WidgetSettings",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DailyAiCapMillicredits",
                table: "WidgetSettings",
                type: "bigint",
                nullable: false,
                defaultValue: 200000L);

            migrationBuilder.CreateIndex(
                name: "IX_ChatMessages_WorkspaceId_CreatedAt",
                table: "ChatMessages",
                columns: new[] { "WorkspaceId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ChatMessages_WorkspaceId_CreatedAt",
                table: "ChatMessages");

            migrationBuilder.DropColumn(
                name: "AiCapNotifiedOn",
                table: "WidgetSettings");

            migrationBuilder.DropColumn(
                name: "DailyAiCapMillicredits",
                table: "WidgetSettings");
        }
    }
}
