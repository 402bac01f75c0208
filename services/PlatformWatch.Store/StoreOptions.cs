using System.ComponentModel.DataAnnotations;

namespace PlatformWatch.Store;

/// <summary>Which database engine holds the case database.</summary>
public enum StoreProvider
{
    /// <summary>An embedded SQLite file (the default).</summary>
    Sqlite,
}

/// <summary>Where the case database is (configuration section <c>Store</c>).</summary>
public sealed class StoreOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Store";

    /// <summary>The engine; <c>sqlite</c> by default.</summary>
    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary>SQLite: a file path (or a full connection string).</summary>
    [Required]
    public string Connection { get; set; } = "data/platformwatch.db";
}
