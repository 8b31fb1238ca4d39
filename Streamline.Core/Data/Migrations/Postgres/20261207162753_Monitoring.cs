using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Streamline.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Monitoring : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MonitoringIncidents",
                columns: table => new
                {
                    Tile = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonitoringIncidents", x => x.Tile);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MonitoringIncidents");
        }
    }
}
