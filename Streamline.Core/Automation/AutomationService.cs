namespace Streamline.Core.Automation;

public enum PriceUnit { PerRun, PerUnit }

/// <summary>
/// What a run costs: <see cref="Millicredits"/> for the whole run, or for each unit (a page, a row) when
/// <see cref="Unit"/> is <see cref="PriceUnit.PerUnit"/>; <see cref="UnitName"/> says what a unit is ("page").
/// </summary>
public sealed record ServicePrice(long Millicredits, PriceUnit Unit = PriceUnit.PerRun, string? UnitName = null)
{
    /// <summary>Per run: the price, whatever the units. Per unit: the price times the units, so no units cost nothing.</summary>
    public long For(int units) => Unit == PriceUnit.PerRun ? Millicredits : checked(Millicredits * Math.Max(0, units));
}

public enum FieldKind { Text, Url, Lines, Choice }

/// <summary>One field of a service's request form; the page renders it, the service reads it by <see cref="Name"/>.</summary>
public sealed record ServiceField(string Name, string Label, FieldKind Kind, bool Required = false, string? Hint = null,
    IReadOnlyList<string>? Choices = null, int MaxLength = 4000);

/// <summary>A request checked by its service: the errors by field name, or how many units to hold credits for.</summary>
public sealed record ServiceCheck(IReadOnlyDictionary<string, string> Errors, int Units)
{
    public bool IsValid => Errors.Count == 0;
    public static ServiceCheck Valid(int units = 1) => new(new Dictionary<string, string>(), units);
    public static ServiceCheck Invalid(string field, string error) => new(new Dictionary<string, string> { [field] = error }, 0);
}

/// <summary>
/// What a finished run did: the units it used (what it is charged for), a line for the runs list, and what its AI model
/// calls cost (charged on top, never beyond the allowance held for them by <see cref="AutomationService.ModelAllowanceAsync"/>).
/// </summary>
public sealed record ServiceResult(int UnitsUsed, string Summary, long ModelMillicredits = 0);

public sealed record ServiceHealth(bool Healthy, string Detail)
{
    public static readonly ServiceHealth Ok = new(true, "Ready");
}

/// <summary>
/// An automation service. Adding one is this class and one registration,
/// <c>services.AddAutomationService&lt;MyService&gt;()</c>: it declares its key, name, description, price and
/// form, checks a request, and does the work; <see cref="ServiceRuns"/> and <see cref="RunAutomationService"/>
/// do the rest (credits held, run as a background job, captured on success, released otherwise).
/// The name, description, price and status are the defaults: a SuperAdmin's edits at /admin/services win.
/// </summary>
public abstract class AutomationService
{
    /// <summary>Stable, lower-case, used in URLs and stored with every run.</summary>
    public abstract string Key { get; }
    public abstract string Name { get; }
    public abstract string Description { get; }
    public abstract ServicePrice Price { get; }
    public virtual IReadOnlyList<ServiceField> Fields => [];

    /// <summary>Refuses a bad request before any credits are held; otherwise says how many units to hold for.</summary>
    public abstract ServiceCheck Check(IReadOnlyDictionary<string, string> input);

    public virtual Task<ServiceHealth> CheckHealthAsync(CancellationToken ct) => Task.FromResult(ServiceHealth.Ok);

    /// <summary>
    /// The most a checked request's AI model calls may cost, held with the price; the run reports what they did cost in
    /// <see cref="ServiceResult.ModelMillicredits"/>. None unless the service calls a model.
    /// </summary>
    public virtual Task<long> ModelAllowanceAsync(IReadOnlyDictionary<string, string> input, int units, CancellationToken ct) =>
        Task.FromResult(0L);

    /// <summary>
    /// Does the work. Report progress and write output through <paramref name="run"/>; throw
    /// <see cref="ServiceRunException"/> for a failure the customer should read. Runs again after a crash, so it
    /// must be safe to repeat (files are overwritten, never appended).
    /// </summary>
    public abstract Task<ServiceResult> RunAsync(ServiceRunContext run, CancellationToken ct);
}

/// <summary>A failure worth telling the customer, in words they can act on.</summary>
public sealed class ServiceRunException(string message) : Exception(message);
