using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Streamline.Core.Data;

/// <summary>
/// An EF compiled query (EF.CompileAsyncQuery), compiled once per model. A compiled query skips what every other query
/// pays on each run (walking the expression to find its parameters and looking the query up in the cache), which matters
/// for the few that run on every chat message. EF refuses a compiled query a context of another model, and one process
/// can hold several (the tests run SQLite and PostgreSQL side by side), hence one per model.
/// </summary>
public sealed class CompiledPerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _compiled = new();

    public TQuery For(DbContext db) => _compiled.GetValue(db.Model, _ => compile());
}
