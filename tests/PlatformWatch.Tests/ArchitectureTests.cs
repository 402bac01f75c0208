using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using NetArchTest.Rules;
using PlatformWatch.Api;
using PlatformWatch.Application;
using PlatformWatch.Contracts;
using PlatformWatch.Hosting;
using PlatformWatch.Rules.Profiles;
using PlatformWatch.Store;

namespace PlatformWatch.Tests;

/// <summary>
/// The boundaries between the projects (DESIGN.md "Shape", issue 16), checked on the built
/// assemblies; a failure names each type that crosses one and what it uses. A dependency is a
/// type an assembly references anywhere: signature, field, base type, attribute, method body.
/// Which references cross a boundary is read from the assembly's metadata (each referenced type
/// with the assembly it comes from), because NetArchTest 1.3.2 matches names only: it can say
/// neither "System.IO except its in-memory readers" nor "anything from the assembly platformwatch"
/// (the command line's Program is in no namespace). NetArchTest then names the types that use each
/// forbidden one. Test projects and benchmarks are not checked: they may use everything.
/// </summary>
public class ArchitectureTests
{
    private static readonly Project Contracts = new("PlatformWatch.Contracts", "PlatformWatch.Contracts", typeof(Severity).Assembly);
    private static readonly Project Rules = new("PlatformWatch.Rules", "PlatformWatch.Rules", typeof(ProfileLoader).Assembly);
    private static readonly Project Store = new("PlatformWatch.Store", "PlatformWatch.Store", typeof(CaseStore).Assembly);
    private static readonly Project Application = new("PlatformWatch.Application", "PlatformWatch.Application", typeof(ActiveProfiles).Assembly);
    private static readonly Project Hosting = new("PlatformWatch.Hosting", "PlatformWatch.Hosting", typeof(BusOptions).Assembly);

    // The three programs: the API, the worker and the command line.
    private static readonly Project Api = new("platformwatch-api", "PlatformWatch.Api", typeof(ApiOptions).Assembly);
    private static readonly Project Worker = new("platformwatch-worker", "PlatformWatch.Worker", Assembly.Load("platformwatch-worker"));
    private static readonly Project Cli = new("platformwatch", "PlatformWatch.Cli", Assembly.Load("platformwatch"));

    private static readonly Forbidden Bus = Namespaces("the bus", "MassTransit", "RabbitMQ.Client");
    private static readonly Forbidden Database = Namespaces("the database", "Dapper", "System.Data", "Microsoft.Data", "Npgsql");
    private static readonly Forbidden AspNetCore = Namespaces("ASP.NET Core", "Microsoft.AspNetCore");

    // What a parser may take its input with: memory, or a stream or text someone else opened.
    private static readonly HashSet<string> InMemoryIo = new(StringComparer.Ordinal)
    {
        "System.IO.Stream", "System.IO.MemoryStream", "System.IO.SeekOrigin",
        "System.IO.TextReader", "System.IO.StringReader", "System.IO.TextWriter", "System.IO.StringWriter",
        "System.IO.BinaryReader", "System.IO.BinaryWriter",
        "System.IO.InvalidDataException", "System.IO.EndOfStreamException",
    };

    private static readonly Forbidden Io = new(
        "I/O (System.IO but its in-memory readers and writers, System.Net, processes, the console)",
        r => (InNamespace(r.Type, "System.IO") && !InMemoryIo.Contains(r.Type))
            || InNamespace(r.Type, "System.Net")
            || r.Type.StartsWith("System.Diagnostics.Process", StringComparison.Ordinal)
            || r.Type == "System.Console");

    /// <summary>
    /// The contracts are the one dependency-free project (STYLE.md "Contracts"): no type of another
    /// PlatformWatch project, by namespace (PlatformWatch.* but PlatformWatch.Contracts) or by
    /// assembly (PlatformWatch.*, platformwatch, platformwatch-api).
    /// </summary>
    [Test]
    public void The_contracts_depend_on_no_other_project()
    {
        var otherProject = new Forbidden(
            "another PlatformWatch project",
            r => (InNamespace(r.Type, "PlatformWatch") && !InNamespace(r.Type, Contracts.Namespace))
                || (r.Assembly.StartsWith("platformwatch", StringComparison.OrdinalIgnoreCase) && r.Assembly != Contracts.AssemblyName));
        AssertNone(Contracts, otherProject);
    }

    /// <summary>
    /// The rule engine is pure (DESIGN.md: events and state in, findings out, no I/O): it uses
    /// neither the store, the worker, the API nor the command line; neither the bus (MassTransit,
    /// RabbitMQ.Client), the database (Dapper, System.Data, Microsoft.Data.*, Npgsql) nor ASP.NET
    /// Core; and no I/O. I/O means reaching anything outside the process's memory, judged by the
    /// types used:
    /// <list type="bullet">
    /// <item>every type of System.IO and its sub-namespaces except those that read or write memory,
    /// or a stream or text handed in: Stream, MemoryStream, SeekOrigin, TextReader, StringReader,
    /// TextWriter, StringWriter, BinaryReader, BinaryWriter, and the data errors
    /// InvalidDataException and EndOfStreamException. So File, FileInfo, Directory, DirectoryInfo,
    /// FileStream, FileSystemWatcher, DriveInfo, RandomAccess, pipes, memory-mapped files are I/O;
    /// StreamReader and StreamWriter too, as they open files by path, which a check of the types
    /// used cannot tell from wrapping a stream; and Path whole, though some of its members only
    /// split strings (file names are the worker's business);</item>
    /// <item>all of System.Net (sockets, HTTP, DNS, and its few value types with them);</item>
    /// <item>other processes (System.Diagnostics.Process, ProcessStartInfo …) and the console
    /// (System.Console).</item>
    /// </list>
    /// Not I/O: the clock, and telemetry through ActivitySource and Meter, which stays in the
    /// process (the worker's exporters send it).
    /// </summary>
    [Test]
    public void The_rule_engine_depends_on_no_service_bus_database_web_or_io() =>
        AssertNone(Rules, Store.Forbidden, Application.Forbidden, Hosting.Forbidden, Worker.Forbidden, Api.Forbidden, Cli.Forbidden, Bus, Database, AspNetCore, Io);

    /// <summary>The case store is used by the application layer and the hosting, never the reverse, and leaves the bus to the worker.</summary>
    [Test]
    public void The_store_depends_on_neither_the_application_layer_the_hosting_the_programs_nor_the_bus() =>
        AssertNone(Store, Application.Forbidden, Hosting.Forbidden, Worker.Forbidden, Api.Forbidden, Cli.Forbidden, Bus);

    /// <summary>
    /// The application layer (docs/application.md) is what the three programs share: access checked and
    /// the action taken over the store, no transport. It uses neither the hosting (the bus, the
    /// consumers, the HTTP of health and metrics), the programs, the bus nor ASP.NET Core.
    /// </summary>
    [Test]
    public void The_application_layer_depends_on_neither_the_hosting_the_programs_the_bus_nor_the_web() =>
        AssertNone(Application, Hosting.Forbidden, Worker.Forbidden, Api.Forbidden, Cli.Forbidden, Bus, AspNetCore);

    /// <summary>The three programs are entry points: no project uses any of them (test projects and benchmarks aside).</summary>
    [Test]
    public void No_project_depends_on_a_program()
    {
        var found = new[] { Contracts, Rules, Store, Application, Hosting }.SelectMany(p => Violations(p, Api.Forbidden, Worker.Forbidden, Cli.Forbidden))
            .Concat(Violations(Api, Worker.Forbidden, Cli.Forbidden))
            .Concat(Violations(Worker, Api.Forbidden, Cli.Forbidden))
            .Concat(Violations(Cli, Api.Forbidden, Worker.Forbidden))
            .ToList();
        Assert.That(found, Is.Empty, Describe("no project may depend on a program (the API, the worker, the command line)", found));
    }

    // The store's entry point and its feature classes: what an application service calls.
    private static readonly string[] StoreAccess =
    [
        .. new[] { "CaseStore", "StoreSession" }.Select(t => "PlatformWatch.Store." + t),
        .. new[] { "Cases", "Authorities", "Keys", "Sources", "Findings", "Ingestion", "Outbox", "Profiles" }
            .SelectMany(f => new[] { "PlatformWatch.Store.Store" + f, "PlatformWatch.Store.Session" + f }),
        "PlatformWatch.Store.StoreWorkers",
    ];

    /// <summary>
    /// The types of the API and the command line that use the store by design, and why: none of them
    /// is an operation a caller asks for with an identity to check. Each must still use it (else it
    /// comes off the list).
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string> StoreUsersByDesign = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["PlatformWatch.Api.Ui.DatabaseKeyRing"] = "ASP.NET Core's data-protection key ring, kept in the case database so every API replica reads the same",
        ["PlatformWatch.Cli.Commands.DbCommand"] = "db migrate: applies the schema's migrations",
        ["PlatformWatch.Cli.Commands.EvaluateCommand"] = "evaluate: runs the worker's event pipeline over a file, as the worker runs it over the bus",
        ["PlatformWatch.Cli.CliOptions"] = "the command line's composition: opens the database for a command's application services",
        ["PlatformWatch.Cli.EventFileRun"] = "the event pipeline over a file (evaluate, backtest), the worker's processor",
    };

    /// <summary>
    /// The API and the command line only translate (STYLE.md "one operation, one transaction"): an
    /// endpoint, a page model, the authentication and the sessions (PlatformWatch.Api), and a command
    /// (PlatformWatch.Cli) call an application service, never the store (<see cref="CaseStore"/>,
    /// <see cref="StoreSession"/> or their feature classes), where each would check access and act in
    /// separate transactions. The exceptions by design are listed with their reasons
    /// (<see cref="StoreUsersByDesign"/>).
    /// </summary>
    [Test]
    public void The_api_and_the_command_line_call_the_application_layer_not_the_store()
    {
        var (callers, stale) = StoreCallers([Api.Assembly!, Cli.Assembly!], StoreUsersByDesign.Keys.ToList(), "PlatformWatch.Api", "PlatformWatch.Cli");
        Assert.Multiple(() =>
        {
            Assert.That(callers, Is.Empty, Describe($"the API and the command line may not use the store ({string.Join(", ", StoreAccess)}); call an application service (PlatformWatch.Application)", callers));
            Assert.That(stale, Is.Empty, Describe("listed as using the store by design, but no longer using it: take them off the list", stale));
        });
    }

    /// <summary>The rule above finds planted violations: a case endpoint that takes the store again, and a command calling it inside its async lambda.</summary>
    [Test]
    public void An_endpoint_that_calls_the_store_is_found()
    {
        var (callers, _) = StoreCallers([typeof(ArchitectureTests).Assembly], [], "PlatformWatch.Tests.Planted");
        Assert.That(callers, Is.EqualTo(new[] { "PlatformWatch.Tests.Planted.CaseEndpoints", "PlatformWatch.Tests.Planted.FindingsCommand" }));
    }

    // The types of the namespaces (outermost type, so a handler's lambda, its closure and its async
    // state machine count as its class) that use the store and are not excepted; and the exceptions
    // that no longer use it. Read with Mono.Cecil from every method body, signature, field and local:
    // NetArchTest 1.3.2 does not look into the compiler's nested types, where a command's lambda is.
    private static (List<string> Callers, List<string> Stale) StoreCallers(Assembly[] assemblies, IReadOnlyCollection<string> excepted, params string[] spaces)
    {
        var access = StoreAccess.ToHashSet(StringComparer.Ordinal);
        var users = new HashSet<string>(StringComparer.Ordinal);
        foreach (var assembly in assemblies)
        {
            using var module = Mono.Cecil.ModuleDefinition.ReadModule(assembly.Location);
            foreach (var type in module.GetTypes())
            {
                var outermost = type;
                while (outermost.DeclaringType is { } outer)
                {
                    outermost = outer;
                }

                if (spaces.Any(space => InNamespace(outermost.Namespace, space)) && UsedTypes(type).Any(access.Contains))
                {
                    users.Add(outermost.FullName.Split('`')[0]);
                }
            }
        }

        return ([.. users.Except(excepted).Order(StringComparer.Ordinal)], [.. excepted.Except(users).Order(StringComparer.Ordinal)]);
    }

    // The full names of the types a type's own members name: fields, signatures, locals, and what each instruction references.
    private static IEnumerable<string> UsedTypes(Mono.Cecil.TypeDefinition type)
    {
        static string Name(Mono.Cecil.TypeReference t) => t.GetElementType().FullName;
        foreach (var field in type.Fields)
        {
            yield return Name(field.FieldType);
        }

        foreach (var method in type.Methods)
        {
            yield return Name(method.ReturnType);
            foreach (var parameter in method.Parameters)
            {
                yield return Name(parameter.ParameterType);
            }

            if (!method.HasBody)
            {
                continue;
            }

            foreach (var local in method.Body.Variables)
            {
                yield return Name(local.VariableType);
            }

            foreach (var operand in method.Body.Instructions.Select(i => i.Operand))
            {
                switch (operand)
                {
                    case Mono.Cecil.MethodReference called:
                        yield return Name(called.DeclaringType);
                        yield return Name(called.ReturnType);
                        break;
                    case Mono.Cecil.FieldReference field:
                        yield return Name(field.DeclaringType);
                        yield return Name(field.FieldType);
                        break;
                    case Mono.Cecil.TypeReference named:
                        yield return Name(named);
                        break;
                }
            }
        }
    }

    private static void AssertNone(Project subject, params Forbidden[] forbidden)
    {
        var found = Violations(subject, forbidden);
        Assert.That(found, Is.Empty, Describe($"{subject.AssemblyName} may not depend on {string.Join(", ", forbidden.Select(f => f.What))}", found));
    }

    private static string Describe(string rule, List<string> found) =>
        $"{rule}; found:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", found)}{Environment.NewLine}";

    // One line per type of the subject and forbidden type it uses: "Its.Type uses Used.Type (from its assembly): what that is".
    private static List<string> Violations(Project subject, params Forbidden[] forbidden)
    {
        var assembly = subject.Assembly ?? throw new InvalidOperationException($"{subject.AssemblyName} is not loaded");
        var lines = new List<string>();
        foreach (var reference in ReferencedTypes(assembly))
        {
            if (forbidden.FirstOrDefault(f => f.Matches(reference)) is not { } rule)
            {
                continue;
            }

            var users = Types.InAssembly(assembly).Should().NotHaveDependencyOn(reference.Type).GetResult().FailingTypeNames ?? [];
            var by = users.Count == 0 ? [$"{subject.AssemblyName} (an assembly attribute or a reference NetArchTest does not follow)"] : users;
            lines.AddRange(by.Select(user => $"{user} uses {reference.Type} (from {reference.Assembly}): {rule.What}"));
        }

        return lines.Distinct().Order(StringComparer.Ordinal).ToList();
    }

    // Every type the assembly references from other assemblies; a nested type counts as its outermost type.
    private static List<TypeUse> ReferencedTypes(Assembly assembly)
    {
        using var pe = new PEReader(File.OpenRead(assembly.Location));
        var metadata = pe.GetMetadataReader();
        var found = new HashSet<TypeUse>();
        foreach (var handle in metadata.TypeReferences)
        {
            var type = metadata.GetTypeReference(handle);
            while (type.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                type = metadata.GetTypeReference((TypeReferenceHandle)type.ResolutionScope);
            }

            var from = type.ResolutionScope.Kind == HandleKind.AssemblyReference
                ? metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)type.ResolutionScope).Name)
                : "";
            var space = metadata.GetString(type.Namespace);
            var name = metadata.GetString(type.Name);
            found.Add(new TypeUse(from, space.Length == 0 ? name : $"{space}.{name}"));
        }

        return [.. found];
    }

    private static bool InNamespace(string type, string space) =>
        type.StartsWith(space, StringComparison.Ordinal) && (type.Length == space.Length || type[space.Length] == '.');

    private static Forbidden Namespaces(string what, params string[] spaces) =>
        new($"{what} ({string.Join(", ", spaces)})", r => spaces.Any(s => InNamespace(r.Type, s)));

    private sealed record TypeUse(string Assembly, string Type);

    private sealed record Forbidden(string What, Func<TypeUse, bool> Matches);

    private sealed record Project(string AssemblyName, string Namespace, Assembly? Assembly)
    {
        // Its types, by namespace, or anything from its assembly (a top-level Program is in no namespace).
        public Forbidden Forbidden { get; } = new(
            $"{Namespace} (assembly {AssemblyName})",
            r => InNamespace(r.Type, Namespace) || string.Equals(r.Assembly, AssemblyName, StringComparison.OrdinalIgnoreCase));
    }
}
