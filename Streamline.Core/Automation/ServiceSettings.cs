namespace Streamline.Core.Automation;

public enum ServiceStatus { Active, Disabled }

/// <summary>
/// A SuperAdmin's edits of one registered service; a service without a row runs with the defaults its class
/// declares. Keyed by the service's key, so a class removed from the code leaves its row harmlessly behind.
/// </summary>
public class ServiceSettings
{
    public required string Key { get; set; }
    public required string Name { get; set; }
    public required string Description { get; set; }
    public long PriceMillicredits { get; set; }
    public ServiceStatus Status { get; set; }
    public DateTime UpdatedAt { get; set; }
}
