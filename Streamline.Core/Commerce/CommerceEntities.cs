using Streamline.Core.Workspaces;

namespace Streamline.Core.Commerce;

public enum StoreConnection { Connected, Disconnected }

/// <summary>Where a store's sync run stands: each phase pages through one resource, the cursor marks the last committed page.</summary>
public enum SyncPhase { Idle, Customers, Products, Orders }

/// <summary>
/// A Shopify store connected to a workspace. The access token is Data Protection ciphertext; a disconnected
/// store keeps its synced rows, read-only. The sync fields are the checkpoint a crashed run resumes from.
/// </summary>
public class ShopifyStore : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }

    /// <summary><c>name.myshopify.com</c>, lower case: the tenant key of webhooks.</summary>
    public required string ShopDomain { get; set; }

    public string? Name { get; set; }

    /// <summary>ISO 4217 code of the shop's currency; every amount of the store is in its minor units.</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>The app's own demo store: no token, served by <see cref="Sandbox.SandboxShop"/>.</summary>
    public bool IsSandbox { get; set; }

    public string? AccessTokenCiphertext { get; set; }

    /// <summary>For an expiring offline token (the OAuth install): when it lapses, and the refresh token that renews it.</summary>
    public DateTime? AccessTokenExpiresAt { get; set; }

    public string? RefreshTokenCiphertext { get; set; }
    public StoreConnection Connection { get; set; }
    public DateTime ConnectedAt { get; set; }
    public DateTime? DisconnectedAt { get; set; }

    public SyncPhase SyncPhase { get; set; }
    public string? SyncCursor { get; set; }

    /// <summary>The updated_at lower bound of the run in progress; null for the initial import.</summary>
    public DateTime? SyncSince { get; set; }

    public DateTime? SyncRunStartedAt { get; set; }

    /// <summary>Everything updated before this is synced: the next run starts from it.</summary>
    public DateTime? SyncedThrough { get; set; }

    public DateTime? LastSyncCompletedAt { get; set; }
    public int RunOrdersSynced { get; set; }
    public int? RunOrdersExpected { get; set; }
    public string? LastSyncError { get; set; }

    /// <summary>One sync per store: the worker holding this lease (renewed every page) is the only one paging.</summary>
    public Guid? SyncLeaseOwner { get; set; }

    public DateTime? SyncLeaseUntil { get; set; }

    public bool IsReadOnly => Connection == StoreConnection.Disconnected;
    public bool IsSyncing => SyncPhase != SyncPhase.Idle;
}

public class CommerceCustomer : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public Guid StoreId { get; set; }

    /// <summary>The customer's GID, <c>gid://shopify/Customer/…</c>.</summary>
    public required string ShopifyId { get; set; }

    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public DateTime UpdatedAt { get; set; }

    public string DisplayName => $"{FirstName} {LastName}".Trim() is { Length: > 0 } name ? name : Email ?? Phone ?? "Customer";
}

public class CommerceProduct : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public Guid StoreId { get; set; }
    public required string ShopifyId { get; set; }
    public required string Title { get; set; }
    public string? Status { get; set; }
    public long MinPriceMinor { get; set; }
    public int? TotalInventory { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>An order as last seen, upserted by GID; an older <see cref="UpdatedAt"/> never replaces a newer one.</summary>
public class CommerceOrder : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public Guid StoreId { get; set; }
    public required string ShopifyId { get; set; }

    /// <summary>The number customers see, e.g. <c>#1001</c>.</summary>
    public required string Name { get; set; }

    public int Number { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? CustomerShopifyId { get; set; }
    public string? CustomerName { get; set; }
    public required string Currency { get; set; }
    public long TotalMinor { get; set; }
    public long RefundedMinor { get; set; }
    public string? FinancialStatus { get; set; }
    public string? FulfillmentStatus { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? CancelledAt { get; set; }
    public DateTime? ClosedAt { get; set; }

    /// <summary>Line items and tracking as JSON (<see cref="OrderDetails"/>): shown whole, never queried by part.</summary>
    public string DetailsJson { get; set; } = "{}";

    public bool IsCancelled => CancelledAt is not null;
}

/// <summary>A webhook delivery stored once by <c>X-Shopify-Webhook-Id</c>; the endpoint answers once it is written.</summary>
public class ShopifyWebhookDelivery
{
    public required string Id { get; set; }
    public required string Topic { get; set; }
    public required string ShopDomain { get; set; }
    public DateTime? TriggeredAt { get; set; }
    public required string Payload { get; set; }
    public DateTime ReceivedAt { get; set; }
    public DateTime? LockedUntil { get; set; }
    public DateTime? ProcessedAt { get; set; }
    public int Attempts { get; set; }
    public string? Outcome { get; set; }
}
