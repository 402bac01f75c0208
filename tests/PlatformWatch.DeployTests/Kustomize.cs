namespace PlatformWatch.DeployTests;

/// <summary>A kubernetes resource document and the file it came from.</summary>
internal sealed record Resource(string File, Dictionary<string, object?> Document)
{
    public string? Kind => Document.Text("kind");

    public string? Name => Document.Child("metadata").Text("name");

    public override string ToString() => $"{Kind}/{Name} ({File})";
}

/// <summary>
/// What a kustomization builds, worked out without kustomize: its resources and those of the
/// kustomizations it includes, the ConfigMaps and Secrets its generators make (with their keys and,
/// for ConfigMaps, values, honouring merge and replace), its image overrides and the files it names.
/// </summary>
internal sealed class Kustomization
{
    public const string Root = "deploy/k8s";

    private Kustomization(string folder) => Folder = folder;

    public string Folder { get; }

    public List<Resource> Resources { get; } = [];

    /// <summary>Generated ConfigMaps and Secrets: (kind, name) to their data (Secret values kept as written).</summary>
    public Dictionary<(string Kind, string Name), Dictionary<string, string>> Generated { get; } = [];

    /// <summary>The images entries, innermost kustomization first (applied in this order).</summary>
    public List<Dictionary<string, object?>> Images { get; } = [];

    /// <summary>Every file named (resources, generator sources, configurations), relative to the repository.</summary>
    public List<string> NamedFiles { get; } = [];

    /// <summary>What is wrong with the files named (missing, not a kustomization).</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Every folder under deploy/k8s with a kustomization.yaml.</summary>
    public static IReadOnlyList<string> Folders() =>
        [.. Repo.Files(Root, "kustomization.yaml").Select(f => f[..f.LastIndexOf('/')])];

    /// <summary>The kustomizations no other includes: what an operator builds.</summary>
    public static IReadOnlyList<string> TopLevel()
    {
        var folders = Folders();
        var included = folders.SelectMany(f => Load(f).Included).ToHashSet(StringComparer.Ordinal);
        return [.. folders.Where(f => !included.Contains(f))];
    }

    private List<string> Included { get; } = [];

    public static Kustomization Load(string folder)
    {
        var result = new Kustomization(folder);
        var file = folder + "/kustomization.yaml";
        var root = Yaml.LoadMap(file);
        foreach (var entry in root.Items("resources").OfType<string>())
        {
            var path = Normalize(folder + "/" + entry);
            result.NamedFiles.Add(path);
            if (Directory.Exists(Repo.Path(path)))
            {
                if (!File.Exists(Repo.Path(path + "/kustomization.yaml")))
                {
                    result.Problems.Add($"{file}: resource folder {entry} has no kustomization.yaml");
                    continue;
                }

                var inner = Load(path);
                result.Included.Add(path);
                result.Included.AddRange(inner.Included);
                result.Resources.AddRange(inner.Resources);
                result.Problems.AddRange(inner.Problems);
                result.NamedFiles.AddRange(inner.NamedFiles);
                result.Images.AddRange(inner.Images);
                foreach (var (key, data) in inner.Generated)
                {
                    result.Generated[key] = new Dictionary<string, string>(data, StringComparer.Ordinal);
                }
            }
            else if (File.Exists(Repo.Path(path)))
            {
                result.Resources.AddRange(Yaml.LoadAll(path).Where(d => d is not null).Select(d => new Resource(path, Yaml.Map(d, path))));
            }
            else
            {
                result.Problems.Add($"{file}: resource {entry} does not exist");
            }
        }

        result.Generate(file, root, "configMapGenerator", "ConfigMap");
        result.Generate(file, root, "secretGenerator", "Secret");
        foreach (var configuration in root.Items("configurations").OfType<string>())
        {
            result.Named(file, Normalize(folder + "/" + configuration), configuration);
        }

        result.Images.AddRange(root.Items("images").OfType<Dictionary<string, object?>>());
        return result;
    }

    /// <summary>The image a container runs once the images entries are applied.</summary>
    public string ImageOf(string image)
    {
        var reference = Reference.Parse(image);
        var (name, tag) = (reference.Repository, reference.Tag);
        foreach (var entry in Images)
        {
            if (entry.Text("name") == name)
            {
                name = entry.Text("newName") ?? name;
                tag = entry.Text("newTag") ?? tag;
            }
        }

        return tag is null ? name : name + ":" + tag;
    }

    public IEnumerable<Resource> OfKind(string kind) => Resources.Where(r => r.Kind == kind);

    /// <summary>Every pod template: of Deployments, StatefulSets, DaemonSets, Jobs and CronJobs.</summary>
    public IEnumerable<(Resource Owner, Dictionary<string, object?> Template)> PodTemplates() =>
        Resources.Select(r => (r, r.Kind switch
        {
            "Deployment" or "StatefulSet" or "DaemonSet" or "Job" => r.Document.At("spec", "template"),
            "CronJob" => r.Document.At("spec", "jobTemplate", "spec", "template"),
            _ => null,
        })).Where(p => p.Item2 is not null).Select(p => (p.r, p.Item2!));

    /// <summary>Every container (init containers too) with its pod template.</summary>
    public IEnumerable<(Resource Owner, Dictionary<string, object?> Pod, Dictionary<string, object?> Container)> Containers() =>
        PodTemplates().SelectMany(p =>
        {
            var spec = p.Template.Child("spec");
            return spec.Items("containers").Concat(spec.Items("initContainers")).OfType<Dictionary<string, object?>>().Select(c => (p.Owner, spec!, c));
        });

    /// <summary>A container's environment: its envFrom ConfigMaps' data and Secrets' keys, then its env (values from references are null).</summary>
    public Dictionary<string, string?> EnvironmentOf(Dictionary<string, object?> container)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var from in container.Items("envFrom").OfType<Dictionary<string, object?>>())
        {
            var prefix = from.Text("prefix") ?? "";
            foreach (var (kind, reference) in new[] { ("ConfigMap", from.Child("configMapRef")), ("Secret", from.Child("secretRef")) })
            {
                if (reference?.Text("name") is { } name && Generated.TryGetValue((kind, name), out var data))
                {
                    foreach (var (key, value) in data)
                    {
                        environment[prefix + key] = kind == "ConfigMap" ? value : null;
                    }
                }
            }
        }

        foreach (var variable in container.Items("env").OfType<Dictionary<string, object?>>())
        {
            environment[variable.Text("name") ?? ""] = variable.Text("value");
        }

        return environment;
    }

    private void Generate(string file, Dictionary<string, object?> root, string generator, string kind)
    {
        foreach (var entry in root.Items(generator).OfType<Dictionary<string, object?>>())
        {
            var name = entry.Text("name") ?? "";
            var data = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var source in entry.Items("files").OfType<string>())
            {
                var eq = source.IndexOf('=', StringComparison.Ordinal);
                var path = Normalize(Folder + "/" + (eq < 0 ? source : source[(eq + 1)..]));
                if (Named(file, path, source))
                {
                    data[eq < 0 ? path[(path.LastIndexOf('/') + 1)..] : source[..eq]] = Repo.Read(path);
                }
            }

            foreach (var source in entry.Items("envs").OfType<string>())
            {
                var path = Normalize(Folder + "/" + source);
                if (Named(file, path, source))
                {
                    foreach (var (key, value) in Repo.EnvFile(path))
                    {
                        data[key] = value;
                    }
                }
            }

            foreach (var literal in entry.Items("literals").OfType<string>())
            {
                var pair = literal.Split('=', 2);
                data[pair[0]] = pair.Length > 1 ? pair[1] : "";
            }

            var behavior = entry.Text("behavior") ?? "create";
            var exists = Generated.TryGetValue((kind, name), out var existing);
            switch (behavior)
            {
                case "create" when exists:
                    Problems.Add($"{file}: {kind} {name} is generated twice (use behavior: merge or replace)");
                    break;
                case "merge" or "replace" when !exists:
                    Problems.Add($"{file}: {kind} {name} has behavior {behavior} but no kustomization below generates it");
                    break;
                case "merge":
                    foreach (var (key, value) in data)
                    {
                        existing![key] = value;
                    }

                    break;
                default:
                    Generated[(kind, name)] = data;
                    break;
            }
        }
    }

    private bool Named(string file, string path, string entry)
    {
        NamedFiles.Add(path);
        if (File.Exists(Repo.Path(path)))
        {
            return true;
        }

        Problems.Add($"{file}: {entry} does not exist");
        return false;
    }

    // Folder/../x to x, relative to the repository.
    private static string Normalize(string path) => Repo.Relative(Repo.Path(path));
}
