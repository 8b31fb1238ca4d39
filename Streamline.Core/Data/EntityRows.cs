using System.Data.Common;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Streamline.Core.Data;

/// <summary>
/// Whole entities read from the rows of a hand-written statement, with the columns, the value conversions (enums kept as
/// text) and the JSON columns of owned collections all taken from the EF model, so an entity read here is the entity EF
/// would have read and a column added to the model is read here too. It exists for the one place where EF cannot go: a
/// batch of statements sent in one round trip (<see cref="PostgresCommand.RunBatchAsync{T}"/>). The entities are not
/// tracked; attach one to save against it as read.
/// </summary>
internal sealed class EntityRows<T> where T : class
{
    private static readonly ConditionalWeakTable<IModel, EntityRows<T>> PerModel = new();

    private static readonly MethodInfo ScalarMethod = Method(nameof(Scalar));
    private static readonly MethodInfo NullableScalarMethod = Method(nameof(NullableScalar));
    private static readonly MethodInfo ConvertedMethod = Method(nameof(Converted));
    private static readonly MethodInfo JsonMethod = Method(nameof(Json));

    private readonly (string Name, Action<T, DbDataReader, int> Read)[] _columns;

    private EntityRows(IModel model)
    {
        var type = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var scalars = type.GetProperties().Where(p => p.PropertyInfo is not null).Select(p => (p.GetColumnName(), Reader(p)));
        var owned = type.GetNavigations().Where(n => n.TargetEntityType.IsMappedToJson()).Select(n =>
            (n.TargetEntityType.GetContainerColumnName()!, Make(JsonMethod, n.PropertyInfo!, n.PropertyInfo!.PropertyType)));
        _columns = [.. scalars.Concat(owned)];
    }

    public static EntityRows<T> For(DbContext db) => PerModel.GetValue(db.Model, model => new EntityRows<T>(model));

    /// <summary>How many columns <see cref="Columns"/> lists, and so how many <see cref="Read"/> takes.</summary>
    public int Count => _columns.Length;

    /// <summary>The column list for a SELECT, qualified by <paramref name="alias"/>, in the order <see cref="Read"/> expects.</summary>
    public string Columns(string alias) => string.Join(", ", _columns.Select(c => $"{alias}.\"{c.Name}\""));

    /// <summary>The entity in the current row, its columns starting at <paramref name="first"/>.</summary>
    public T Read(DbDataReader reader, int first = 0)
    {
        // Runs the constructor, so what the columns do not cover keeps its initial value (required members are set below).
        var entity = Activator.CreateInstance<T>();
        for (var i = 0; i < _columns.Length; i++) _columns[i].Read(entity, reader, first + i);
        return entity;
    }

    private static Action<T, DbDataReader, int> Reader(IProperty property)
    {
        var info = property.PropertyInfo!;
        if (property.GetTypeMapping().Converter is { } converter) return Make(ConvertedMethod, info, info.PropertyType, converter);
        return Nullable.GetUnderlyingType(info.PropertyType) is { } underlying
            ? Make(NullableScalarMethod, info, underlying)
            : Make(ScalarMethod, info, info.PropertyType);
    }

    private static Action<T, DbDataReader, int> Scalar<TValue>(PropertyInfo info)
    {
        var set = info.SetMethod!.CreateDelegate<Action<T, TValue>>();
        return (entity, reader, i) => set(entity, reader.IsDBNull(i) ? default! : reader.GetFieldValue<TValue>(i));
    }

    private static Action<T, DbDataReader, int> NullableScalar<TValue>(PropertyInfo info) where TValue : struct
    {
        var set = info.SetMethod!.CreateDelegate<Action<T, TValue?>>();
        return (entity, reader, i) => set(entity, reader.IsDBNull(i) ? null : reader.GetFieldValue<TValue>(i));
    }

    private static Action<T, DbDataReader, int> Converted<TValue>(PropertyInfo info, ValueConverter converter)
    {
        var set = info.SetMethod!.CreateDelegate<Action<T, TValue>>();
        var fromStored = converter.ConvertFromProvider;
        return (entity, reader, i) => set(entity, reader.IsDBNull(i) ? default! : (TValue)fromStored(reader.GetValue(i))!);
    }

    /// <summary>An owned collection kept as a JSON column; EF writes it with the properties' own names.</summary>
    private static Action<T, DbDataReader, int> Json<TValue>(PropertyInfo info) where TValue : new()
    {
        var set = info.SetMethod!.CreateDelegate<Action<T, TValue>>();
        return (entity, reader, i) => set(entity, reader.IsDBNull(i) ? new TValue() : JsonSerializer.Deserialize<TValue>(reader.GetString(i))!);
    }

    private static MethodInfo Method(string name) => typeof(EntityRows<T>).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;

    private static Action<T, DbDataReader, int> Make(MethodInfo method, PropertyInfo info, Type value, params object[] more) =>
        (Action<T, DbDataReader, int>)method.MakeGenericMethod(value).Invoke(null, [info, .. more])!;
}
