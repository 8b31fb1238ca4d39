using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Streamline.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ChannelInboundClaimIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ChannelInbound_ChannelId_SenderId_ProcessedAt",
                table: "ChannelInbound");

            migrationBuilder.DropIndex(
                name: "IX_ChannelInbound_ProcessedAt_ReceivedAt",
                table: "ChannelInbound");

            migrationBuilder.CreateIndex(
                name: "IX_ChannelInbound_ProcessedAt_ReceivedAt_Id",
                table: "ChannelInbound",
                columns: new[] { "ProcessedAt", "ReceivedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ChannelInbound_Waiting",
                table: "ChannelInbound",
                columns: new[] { "ChannelId", "SenderId", "SentAt", "Sequence", "ReceivedAt" },
                filter: "\"ProcessedAt\" IS NULL AND \"Sequence\" >= 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ChannelInbound_ProcessedAt_ReceivedAt_Id",
                table: "ChannelInbound");

            migrationBuilder.DropIndex(
                name: "IX_ChannelInbound_Waiting",
                table: "ChannelInbound");

            migrationBuilder.CreateIndex(
                name: "IX_ChannelInbound_ChannelId_SenderId_ProcessedAt",
                table: "ChannelInbound",
                columns: new[] { "ChannelId", "SenderId", "ProcessedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ChannelInbound_ProcessedAt_ReceivedAt",
                table: "ChannelInbound",
                columns: new[] { "ProcessedAt", "ReceivedAt" });
        }
    }
}
