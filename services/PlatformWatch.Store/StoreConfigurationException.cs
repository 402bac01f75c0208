namespace PlatformWatch.Store;

/// <summary>The store's settings cannot work (a missing or too short audit key …); the message names the setting.</summary>
public sealed class StoreConfigurationException(string message) : InvalidOperationException(message);
