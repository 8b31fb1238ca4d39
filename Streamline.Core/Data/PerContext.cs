using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace Streamline.Core.Data;

/// <summary>
/// State an interceptor keeps for one context between its events (a save and its commit). The interceptors are shared
/// by every context, since the context options are built once, so the state hangs off the context and goes with it.
/// Contexts are pooled, so the state is also tied to the context's <see cref="StreamlineDbContext.Lease"/>: whatever
/// one request left behind (a transaction disposed without its commit) is never seen by the next.
/// A context is used by one thread at a time, so the state needs no lock.
/// </summary>
internal sealed class PerContext<T> where T : class, new()
{
    private sealed class Held(int lease)
    {
        public int Lease = lease;
        public T State = new();
    }

    private readonly ConditionalWeakTable<DbContext, Held> _states = new();

    public T For(DbContext context)
    {
        var lease = LeaseOf(context);
        var held = _states.GetValue(context, _ => new Held(lease));
        if (held.Lease != lease)
        {
            held.Lease = lease;
            held.State = new T();
        }
        return held.State;
    }

    public T? Find(DbContext? context) =>
        context is not null && _states.TryGetValue(context, out var held) && held.Lease == LeaseOf(context) ? held.State : null;

    private static int LeaseOf(DbContext context) => context is StreamlineDbContext ours ? ours.Lease : 0;
}
