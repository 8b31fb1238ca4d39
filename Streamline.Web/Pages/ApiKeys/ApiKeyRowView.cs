using Streamline.Core.Credits;

namespace Streamline.Web.Pages.ApiKeys;

public sealed record ApiKeyRowView(ApiKey Key, bool CanManage);
