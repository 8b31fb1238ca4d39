using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Core.Jobs;

/// <summary>Who acts on a job. <see cref="IsAdmin"/> comes from the page they act on, never from the form.</summary>
public sealed record JobActor(Guid UserId, string Name, bool IsAdmin);

/// <summary>Where the e-mails about a job link to: the customer's page and the admin's page.</summary>
public sealed record JobLinks(Func<Guid, string> Customer, Func<Guid, string> Admin);

public enum JobError { None, NotFound, NotAllowed, Stale, Invalid }

public sealed record JobResult(JobError Error, string? Message = null, string? Field = null)
{
    public const string StaleMessage =
        "Someone else changed this job after you opened the form, so your changes were not saved. Cancel to see the latest version, then make your change again.";

    public bool Succeeded => Error == JobError.None;
    public static readonly JobResult Ok = new(JobError.None);
    public static readonly JobResult NotFound = new(JobError.NotFound);
    public static readonly JobResult NotAllowed = new(JobError.NotAllowed, "Only the agency's team can change this.");
    public static readonly JobResult Stale = new(JobError.Stale, StaleMessage);
    public static JobResult Invalid(string message, string? field = null) => new(JobError.Invalid, message, field);
}

internal static class JobQueries
{
    /// <summary>Admins reach every workspace's rows; anyone else only the current workspace's, through the query filter.</summary>
    public static IQueryable<T> VisibleTo<T>(this DbSet<T> set, JobActor actor) where T : class =>
        actor.IsAdmin ? set.IgnoreQueryFilters(QueryFilters.Workspace) : set;
}
