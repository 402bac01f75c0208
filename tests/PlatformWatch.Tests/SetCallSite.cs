using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Collections.Generic;
using PlatformWatch.Store;

namespace PlatformWatch.Tests;

/// <summary>
/// A place where the store's code sends a set statement, and the properties of the object it sends
/// with it (null: not an anonymous object). Read from the compiled store's IL, so the statements'
/// parameters are checked against the real call sites without a database: a call site reads the
/// statement (<c>sets.InsertCases</c>), then builds an anonymous object, then calls the session
/// (<c>SessionDb</c>) with both.
/// </summary>
internal sealed record SetCallSite(string Statement, string Method, IReadOnlyList<SetProperty>? Properties)
{
    public static IReadOnlyList<SetCallSite> All { get; } = Read();

    private static List<SetCallSite> Read()
    {
        using var module = ModuleDefinition.ReadModule(typeof(SetStatements).Assembly.Location);
        var sites = new List<SetCallSite>();
        foreach (var method in module.GetTypes().Where(t => !IsIn(t, typeof(SetStatements).FullName!)).SelectMany(t => t.Methods).Where(m => m.HasBody))
        {
            var code = method.Body.Instructions;
            for (var i = 0; i < code.Count; i++)
            {
                if (code[i].Operand is MethodReference getter && getter.DeclaringType.FullName == typeof(SetStatements).FullName
                    && getter.Name.StartsWith("get_", StringComparison.Ordinal) && getter.ReturnType.FullName == typeof(string).FullName)
                {
                    sites.Add(new SetCallSite(getter.Name["get_".Length..], method.FullName, Sent(code, i + 1)));
                }
            }
        }

        return sites;
    }

    // The anonymous object built after the statement is read and before the session is called.
    private static List<SetProperty>? Sent(Collection<Instruction> code, int from)
    {
        foreach (var instruction in code.Skip(from))
        {
            if (instruction.OpCode == OpCodes.Newobj && instruction.Operand is MethodReference { DeclaringType: GenericInstanceType created }
                && created.Name.StartsWith("<>f__AnonymousType", StringComparison.Ordinal))
            {
                return [.. created.Resolve().Properties.Select(p => SetProperty.Of(p.Name, created.GenericArguments[((GenericParameter)p.PropertyType).Position]))];
            }

            if (instruction.Operand is MethodReference called && called.DeclaringType.Name == "SessionDb")
            {
                return null;
            }
        }

        return null;
    }

    private static bool IsIn(TypeDefinition type, string fullName) =>
        type.FullName == fullName || (type.DeclaringType is { } outer && IsIn(outer, fullName));
}

/// <summary>A property of a set statement's parameter object: a column (an array, of its elements' type) or a scalar.</summary>
internal sealed record SetProperty(string Name, bool IsColumn, string Type)
{
    public static SetProperty Of(string name, TypeReference type) =>
        type is ArrayType array ? new(name, true, array.ElementType.FullName) : new(name, false, type.FullName);
}
