using PlatformWatch.Api;

// platformwatch-api: the HTTP API (see README, "The API").
var app = ApiApplication.Build(args);
await app.RunAsync();

/// <summary>The entry point, for the tests' WebApplicationFactory.</summary>
public partial class Program;
