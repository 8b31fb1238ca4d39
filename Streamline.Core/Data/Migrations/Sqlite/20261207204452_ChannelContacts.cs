using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Streamline.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ChannelContacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EarlierDetails",
                table: "Contacts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_WorkspaceId_Phone",
                table: "Contacts",
                columns: new[] { "WorkspaceId", "Phone" });

            migrationBuilder.CreateIndex(
                name: "IX_ChannelIdentities_ContactId",
                table: "ChannelIdentities",
                column: "ContactId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Contacts_WorkspaceId_Phone",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_ChannelIdentities_ContactId",
                table: "ChannelIdentities");

            migrationBuilder.DropColumn(
                name: "EarlierDetails",
                table: "Contacts");
        }
    }
}
