using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace Streamline.Core.Data;

/// <summary>
/// State an interceptor keeps for one context between its events (a save and its commit). The interceptors are shared
/// by every context, since the context options are built once, so the state hangs off the context and goes with it.
/// A context is used by one thread at a time, so the state needs no lock.
/// </summary>
internal sealed class PerContext<T> where T : class, new()
{
    private readonly ConditionalWeakTable<DbContext, T> _states = new();

    public T For(DbContext context) => _states.GetValue(context, _ => new T());

    public T? Find(DbContext? context) => context is not null && _states.TryGetValue(context, out var state) ? state : null;
}
