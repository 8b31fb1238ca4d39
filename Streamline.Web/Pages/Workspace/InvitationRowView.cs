using Streamline.Core.Workspaces;

namespace Streamline.Web.Pages.Workspace;

public sealed record InvitationRowView(WorkspaceInvitation Invitation, bool CanManage, DateTime Now);
