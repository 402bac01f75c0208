using PlatformWatch.Hosting;

namespace PlatformWatch.DeployTests;

/// <summary>The Kustomize deployment of deploy/k8s: what each kustomization builds, checked without a cluster.</summary>
[TestFixture]
internal sealed class The_kubernetes_manifests
{
    /// <summary>Secrets that exist in the cluster without this deployment making them (cert-manager writes the TLS one).</summary>
    private static readonly string[] ExternalSecrets = ["platformwatch-tls"];

    /// <summary>The .NET images' non-root user.</summary>
    private const int AppUid = 1654;

    private static IEnumerable<TestCaseData> Builds() => Kustomization.TopLevel().Select(f => new TestCaseData(f).SetArgDisplayNames(f));

    private static IEnumerable<TestCaseData> Folders() => Kustomization.Folders().Select(f => new TestCaseData(f).SetArgDisplayNames(f));

    [Test]
    public void Are_built_from_an_overlay_over_the_base()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Kustomization.Folders(), Does.Contain("deploy/k8s/base").And.Contain("deploy/k8s/overlays/example"));
            Assert.That(Kustomization.TopLevel(), Is.EqualTo(new[] { "deploy/k8s/overlays/example" }));
        });
    }

    [TestCaseSource(nameof(Folders))]
    public void Every_file_a_kustomization_names_exists(string folder)
    {
        var build = Kustomization.Load(folder);
        var outside = build.NamedFiles.Where(f => !f.StartsWith(Kustomization.Root + "/", StringComparison.Ordinal)).Distinct().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(build.NamedFiles, Is.Not.Empty);
            Assert.That(build.Problems, Is.Empty);
            Assert.That(outside.Where(f => !f.StartsWith("deploy/rules/", StringComparison.Ordinal)), Is.Empty,
                "only the rule profiles come from outside deploy/k8s (the reason for --load-restrictor LoadRestrictionsNone)");
        });
    }

    [TestCaseSource(nameof(Builds))]
    public void Every_resource_has_an_apiVersion_a_kind_and_a_name(string folder)
    {
        var build = Kustomization.Load(folder);
        Assert.Multiple(() =>
        {
            Assert.That(build.Resources, Has.Count.GreaterThanOrEqualTo(10));
            foreach (var resource in build.Resources)
            {
                Assert.That(resource.Document.Text("apiVersion"), Is.Not.Null.And.Not.Empty, resource.ToString());
                Assert.That(resource.Kind, Is.Not.Null.And.Not.Empty, resource.ToString());
                Assert.That(resource.Name, Is.Not.Null.And.Not.Empty, resource.ToString());
            }

            Assert.That(build.Resources.GroupBy(r => (r.Kind, r.Name)).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty, "resources declared twice");
            Assert.That(build.Resources.Select(r => r.Kind), Is.SupersetOf(new[] { "Namespace", "Job", "Deployment", "ScaledObject", "TriggerAuthentication", "Service", "Ingress" }));
        });
    }

    [TestCaseSource(nameof(Builds))]
    public void Every_container_has_resources_and_runs_as_a_non_root_user_on_a_read_only_filesystem(string folder)
    {
        var build = Kustomization.Load(folder);
        var containers = build.Containers().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(containers, Has.Count.GreaterThanOrEqualTo(3));
            foreach (var (owner, pod, container) in containers)
            {
                var where = $"{owner} container {container.Text("name")}";
                foreach (var kind in new[] { "requests", "limits" })
                {
                    foreach (var resource in new[] { "cpu", "memory" })
                    {
                        Assert.That(container.At("resources", kind).Text(resource), Is.Not.Null.And.Not.Empty, $"{where}: resources.{kind}.{resource}");
                    }
                }

                var security = container.Child("securityContext");
                var podSecurity = pod.Child("securityContext");
                Assert.That(security.Text("runAsNonRoot") ?? podSecurity.Text("runAsNonRoot"), Is.EqualTo("true"), $"{where}: runAsNonRoot");
                Assert.That(security.Text("runAsUser") ?? podSecurity.Text("runAsUser"), Is.EqualTo(AppUid.ToString(System.Globalization.CultureInfo.InvariantCulture)), $"{where}: the images' user");
                Assert.That(security.Text("readOnlyRootFilesystem"), Is.EqualTo("true"), $"{where}: readOnlyRootFilesystem");
                Assert.That(security.Text("allowPrivilegeEscalation"), Is.EqualTo("false"), $"{where}: allowPrivilegeEscalation");
                Assert.That(security.At("capabilities").Items("drop"), Does.Contain("ALL"), $"{where}: capabilities dropped");
                Assert.That((security.At("seccompProfile") ?? podSecurity.At("seccompProfile")).Text("type"), Is.EqualTo("RuntimeDefault"), $"{where}: seccomp");
                var tmp = container.Items("volumeMounts").OfType<Dictionary<string, object?>>().FirstOrDefault(m => m.Text("mountPath") == "/tmp");
                Assert.That(tmp, Is.Not.Null, $"{where}: a writable /tmp beside the read-only root");
            }
        });
    }

    [TestCaseSource(nameof(Builds))]
    public void Every_deployment_probes_and_scrapes_paths_its_program_serves_on_the_port_it_listens_on(string folder)
    {
        var build = Kustomization.Load(folder);
        var deployments = build.Containers().Where(c => c.Owner.Kind == "Deployment").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(deployments.Select(d => d.Owner.Name), Is.EquivalentTo(new[] { "platformwatch-api", "platformwatch-worker" }));
            foreach (var (owner, _, container) in deployments)
            {
                var where = $"{owner} container {container.Text("name")}";
                var image = OurImage.Of(container.Text("image") ?? "");
                Assert.That(image, Is.Not.Null, $"{where}: not one of our images");
                if (image is null)
                {
                    continue;
                }

                var environment = Environment(build, image, container);
                var port = Listening.ReachablePort(image.Role, Strings(container, "args"), environment, where);
                var ports = container.Items("ports").OfType<Dictionary<string, object?>>().ToList();
                Assert.That(ports.Select(p => p.Text("containerPort")), Is.EqualTo(new[] { Number(port) }), $"{where}: containerPort");
                foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
                {
                    var http = container.At(probe, "httpGet");
                    Assert.That(http, Is.Not.Null, $"{where}: {probe}.httpGet");
                    Assert.That(ServedPaths.All, Does.Contain(http.Text("path")), $"{where}: {probe} path");
                    Assert.That(PortNumber(ports, http.Text("port")), Is.EqualTo(port), $"{where}: {probe} port");
                }

                Assert.That(container.At("livenessProbe", "httpGet").Text("path"), Is.EqualTo("/health/live"), $"{where}: liveness");
                Assert.That(container.At("readinessProbe", "httpGet").Text("path"), Is.EqualTo("/health/ready"), $"{where}: readiness");
                var annotations = owner.Document.At("spec", "template", "metadata", "annotations");
                Assert.That(annotations.Text("prometheus.io/scrape"), Is.EqualTo("true"), $"{where}: scraped");
                Assert.That(annotations.Text("prometheus.io/port"), Is.EqualTo(Number(port)), $"{where}: scrape port");
                Assert.That(annotations.Text("prometheus.io/path"), Is.EqualTo("/metrics").And.AnyOf(ServedPaths.All.ToArray()), $"{where}: scrape path");
            }
        });
    }

    [TestCaseSource(nameof(Builds))]
    public void Every_image_is_one_of_ours_pinned_to_a_version(string folder)
    {
        var build = Kustomization.Load(folder);
        Assert.Multiple(() =>
        {
            foreach (var (owner, _, container) in build.Containers())
            {
                var image = build.ImageOf(container.Text("image") ?? "");
                var ours = OurImage.Of(image);
                Assert.That(ours, Is.Not.Null, $"{owner}: {image} is not built by a Dockerfile of deploy/docker");
                Assert.That(Reference.Parse(image).Tag, Is.Not.Null.And.Not.EqualTo("latest"), $"{owner}: {image} names no version");
                Assert.That(container.Text("image"), Is.EqualTo(ours?.Name), $"{owner}: the base names our images by their Dockerfile's name; the images entries set registry and tag");
            }

            Assert.That(build.Containers().Where(c => c.Owner.Kind == "Deployment").Select(c => (c.Owner.Name, OurImage.Of(c.Container.Text("image") ?? "")?.Role)),
                Is.EquivalentTo(new (string?, Role?)[] { ("platformwatch-api", Role.Api), ("platformwatch-worker", Role.Worker) }));
        });
    }

    [TestCaseSource(nameof(Builds))]
    public void Every_environment_variable_names_a_real_setting_and_binds(string folder)
    {
        var build = Kustomization.Load(folder);
        Assert.Multiple(() =>
        {
            foreach (var (owner, _, container) in build.Containers())
            {
                var environment = build.EnvironmentOf(container);
                Assert.That(environment, Is.Not.Empty);
                Assert.That(environment.Keys.Select(Settings.Problem).OfType<string>(), Is.Empty, owner.ToString());
                Assert.That(Settings.BindingProblems(environment), Is.Empty, owner.ToString());
                Assert.That(environment.GetValueOrDefault("Bus__Transport"), Is.EqualTo("RabbitMq"), owner.ToString());
                foreach (var required in new[] { "Store__Provider", "Store__Connection", "PLATFORMWATCH_AUDIT_KEY" })
                {
                    Assert.That(environment.Keys, Does.Contain(required), owner.ToString());
                }
            }
        });
    }

    [TestCaseSource(nameof(Builds))]
    public void Every_configmap_and_secret_reference_resolves_to_a_generated_one_with_that_key(string folder)
    {
        var build = Kustomization.Load(folder);
        var references = new List<(string Where, string Kind, string? Name, string? Key)>();
        foreach (var (owner, pod, container) in build.Containers())
        {
            foreach (var from in container.Items("envFrom").OfType<Dictionary<string, object?>>())
            {
                references.AddRange(new[] { ("ConfigMap", from.Child("configMapRef")), ("Secret", from.Child("secretRef")) }
                    .Where(r => r.Item2 is not null).Select(r => (owner.ToString(), r.Item1, r.Item2.Text("name"), (string?)null)));
            }

            foreach (var variable in container.Items("env").OfType<Dictionary<string, object?>>())
            {
                references.AddRange(new[] { ("ConfigMap", variable.At("valueFrom", "configMapKeyRef")), ("Secret", variable.At("valueFrom", "secretKeyRef")) }
                    .Where(r => r.Item2 is not null).Select(r => ($"{owner} {variable.Text("name")}", r.Item1, r.Item2.Text("name"), r.Item2.Text("key"))));
            }

            foreach (var volume in pod.Items("volumes").OfType<Dictionary<string, object?>>())
            {
                references.AddRange(new[] { ("ConfigMap", volume.Child("configMap")?.Text("name")), ("Secret", volume.Child("secret")?.Text("secretName")) }
                    .Where(r => r.Item2 is not null).Select(r => ($"{owner} volume {volume.Text("name")}", r.Item1, r.Item2, (string?)null)));
            }
        }

        foreach (var authentication in build.OfKind("TriggerAuthentication"))
        {
            references.AddRange(authentication.Document.At("spec").Items("secretTargetRef").OfType<Dictionary<string, object?>>()
                .Select(r => (authentication.ToString(), "Secret", r.Text("name"), r.Text("key"))));
        }

        var declared = build.Resources.Where(r => r.Kind is "ConfigMap" or "Secret").Select(r => (r.Kind!, r.Name!)).ToHashSet();
        Assert.Multiple(() =>
        {
            Assert.That(references, Has.Count.GreaterThanOrEqualTo(10));
            foreach (var (where, kind, name, key) in references)
            {
                var generated = build.Generated.TryGetValue((kind, name ?? ""), out var data);
                Assert.That(generated || declared.Contains((kind, name ?? "")), Is.True, $"{where}: no {kind} {name} is generated or declared");
                if (generated && key is not null)
                {
                    Assert.That(data!.Keys, Does.Contain(key), $"{where}: {kind} {name} has no key {key}");
                }
            }

            foreach (var tls in build.OfKind("Ingress").SelectMany(i => i.Document.At("spec").Items("tls").OfType<Dictionary<string, object?>>()))
            {
                Assert.That(ExternalSecrets, Does.Contain(tls.Text("secretName")), "an Ingress's TLS Secret is made by cert-manager");
            }
        });
    }

    [TestCaseSource(nameof(Builds))]
    public void The_ScaledObject_scales_the_worker_deployment_on_the_queue_it_consumes(string folder)
    {
        var build = Kustomization.Load(folder);
        var scaled = build.OfKind("ScaledObject").Single();
        var target = scaled.Document.At("spec", "scaleTargetRef");
        var triggers = scaled.Document.At("spec").Items("triggers").OfType<Dictionary<string, object?>>().ToList();
        var trigger = triggers[0];
        var worker = build.OfKind("Deployment").Single(d => d.Name == target.Text("name"));
        var container = worker.Document.At("spec", "template", "spec").Items("containers").OfType<Dictionary<string, object?>>().Single();
        var queue = build.EnvironmentOf(container).GetValueOrDefault("Bus__Queue") ?? new BusOptions().Queue;
        var partitions = int.Parse(build.EnvironmentOf(container).GetValueOrDefault("Bus__Partitions") ?? new BusOptions().Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
        var authentication = build.OfKind("TriggerAuthentication").SingleOrDefault(a => a.Name == trigger.At("authenticationRef").Text("name"));
        Assert.Multiple(() =>
        {
            Assert.That(target.Text("kind") ?? "Deployment", Is.EqualTo("Deployment"));
            Assert.That(OurImage.Of(container.Text("image") ?? "")?.Role, Is.EqualTo(Role.Worker), "the ScaledObject scales the workers");
            Assert.That(worker.Document.At("spec").Text("replicas"), Is.Null, "KEDA sets the replicas; a count in the Deployment would fight it");
            Assert.That(triggers.Select(t => t.Text("type")), Has.All.EqualTo("rabbitmq"));
            Assert.That(triggers.Select(t => t.Child("metadata").Text("queueName")), Is.EqualTo(PartitionTopology.Queues(new BusOptions { Queue = queue, Partitions = partitions })), "one trigger per partition queue the workers consume");
            Assert.That(triggers.Select(t => t.Child("metadata").Text("mode")), Has.All.EqualTo("QueueLength"));
            Assert.That(triggers.Select(t => t.At("authenticationRef").Text("name")).Distinct(), Has.Exactly(1).Items, "one TriggerAuthentication for all");
            Assert.That(int.Parse(scaled.Document.At("spec").Text("maxReplicaCount") ?? "0", System.Globalization.CultureInfo.InvariantCulture), Is.LessThanOrEqualTo(partitions), "more workers than partitions would only stand by");
            Assert.That(authentication, Is.Not.Null, "its TriggerAuthentication");
            Assert.That(authentication?.Document.At("spec").Items("secretTargetRef").OfType<Dictionary<string, object?>>().Select(r => r.Text("parameter")), Does.Contain("host"));
            Assert.That(int.Parse(scaled.Document.At("spec").Text("minReplicaCount") ?? "0", System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(1),
                "at least one worker: it also judges passed due dates on a timer, with no message to wake it");
            Assert.That(int.Parse(scaled.Document.At("spec").Text("maxReplicaCount") ?? "0", System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(1));
        });
    }

    [TestCaseSource(nameof(Builds))]
    public void The_rule_profiles_are_every_file_of_deploy_rules_mounted_at_Rules__Directory(string folder)
    {
        var build = Kustomization.Load(folder);
        var rules = build.Generated.GetValueOrDefault(("ConfigMap", "platformwatch-rules"));
        Assert.That(rules, Is.Not.Null, "the ConfigMap of rule profiles");
        Assert.Multiple(() =>
        {
            Assert.That(rules!.Keys, Is.EquivalentTo(Repo.Files("deploy/rules", ".yaml", ".yml").Select(Path.GetFileName)), "every profile of deploy/rules, by its file name");
            foreach (var (owner, pod, container) in build.Containers().Where(c => c.Owner.Kind == "Deployment"))
            {
                var directory = build.EnvironmentOf(container).GetValueOrDefault("Rules__Directory");
                var volume = pod.Items("volumes").OfType<Dictionary<string, object?>>().SingleOrDefault(v => v.Child("configMap")?.Text("name") == "platformwatch-rules");
                var mount = container.Items("volumeMounts").OfType<Dictionary<string, object?>>().SingleOrDefault(m => m.Text("name") == volume?.Text("name"));
                Assert.That(directory, Is.Not.Null.And.Not.Empty, $"{owner}: Rules__Directory");
                Assert.That(mount?.Text("mountPath"), Is.EqualTo(directory), $"{owner}: the rules ConfigMap mounted at Rules__Directory");
                Assert.That(mount?.Text("readOnly"), Is.EqualTo("true"), $"{owner}: read-only");
            }
        });
    }

    [TestCaseSource(nameof(Builds))]
    public void The_migration_job_runs_db_migrate_with_the_store_settings(string folder)
    {
        var build = Kustomization.Load(folder);
        var job = build.OfKind("Job").Single();
        var container = job.Document.At("spec", "template", "spec").Items("containers").OfType<Dictionary<string, object?>>().Single();
        var command = Strings(container, "command").Concat(Strings(container, "args")).ToList();
        var environment = build.EnvironmentOf(container);
        var expansions = command.SelectMany(a => System.Text.RegularExpressions.Regex.Matches(a, @"\$\(([A-Za-z_][A-Za-z0-9_]*)\)").Select(m => m.Groups[1].Value)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(OurImage.Of(container.Text("image") ?? "")?.Ships(Project.Cli), Is.True, "the migration runs the command line, which the image ships");
            Assert.That(command, Is.EqualTo(new[] { "dotnet", Project.Cli.Dll, "db", "migrate", "--provider", "$(Store__Provider)", "--db", "$(Store__Connection)" }));
            Assert.That(expansions.Where(e => !environment.ContainsKey(e)), Is.Empty, "$(VAR) that the container's environment does not define stay as written");
            Assert.That(environment.Keys, Does.Contain("PLATFORMWATCH_AUDIT_KEY"), "db migrate reads the audit key from PLATFORMWATCH_AUDIT_KEY");
            Assert.That(job.Document.At("spec", "template", "spec").Text("restartPolicy"), Is.EqualTo("Never").Or.EqualTo("OnFailure"));
        });
    }

    [TestCaseSource(nameof(Builds))]
    public void The_service_and_the_ingress_reach_the_api_pods(string folder)
    {
        var build = Kustomization.Load(folder);
        var service = build.OfKind("Service").Single();
        var ingressBackends = build.OfKind("Ingress").SelectMany(i => i.Document.At("spec").Items("rules").OfType<Dictionary<string, object?>>())
            .SelectMany(r => r.At("http").Items("paths").OfType<Dictionary<string, object?>>()).Select(p => p.At("backend", "service")).ToList();
        var selector = service.Document.At("spec", "selector")!;
        var api = build.OfKind("Deployment").Where(d => Matches(selector, d.Document.At("spec", "template", "metadata", "labels"))).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(api.Select(d => d.Name), Is.EqualTo(new[] { "platformwatch-api" }), "the Service selects the API pods and nothing else");
            foreach (var deployment in build.OfKind("Deployment").Concat(build.OfKind("PodDisruptionBudget")))
            {
                var own = deployment.Kind == "Deployment" ? deployment.Document.At("spec", "template", "metadata", "labels") : build.OfKind("Deployment").Single(d => d.Name == deployment.Name).Document.At("spec", "template", "metadata", "labels");
                Assert.That(Matches(deployment.Document.At("spec", "selector", "matchLabels")!, own), Is.True, $"{deployment}: its selector matches its pods");
            }

            var ports = api.Single().Document.At("spec", "template", "spec").Items("containers").OfType<Dictionary<string, object?>>().Single().Items("ports").OfType<Dictionary<string, object?>>().ToList();
            var servicePorts = service.Document.At("spec").Items("ports").OfType<Dictionary<string, object?>>().ToList();
            foreach (var port in servicePorts)
            {
                Assert.That(PortNumber(ports, port.Text("targetPort")), Is.EqualTo(8080), $"{service}: targetPort");
            }

            Assert.That(ingressBackends, Is.Not.Empty);
            foreach (var backend in ingressBackends)
            {
                Assert.That(backend.Text("name"), Is.EqualTo(service.Name), "the Ingress's backend Service");
                var port = backend.Child("port");
                Assert.That(servicePorts.Any(p => p.Text("name") == port.Text("name") && port.Text("name") is not null || p.Text("port") == port.Text("number") && port.Text("number") is not null), Is.True,
                    "the Ingress names a port of the Service");
            }
        });
    }

    [Test]
    public void The_secrets_in_the_repository_are_placeholders_and_real_ones_are_ignored()
    {
        var placeholders = Kustomization.Load("deploy/k8s/base").Generated[("Secret", "platformwatch-secrets")];
        Assert.Multiple(() =>
        {
            Assert.That(placeholders.Keys, Is.EquivalentTo(new[] { "store-connection", "bus-password", "audit-key", "rabbitmq-host" }));
            Assert.That(placeholders.Where(p => !p.Value.Contains("change-me", StringComparison.OrdinalIgnoreCase)).Select(p => p.Key), Is.Empty, "a real secret in the repository");
            Assert.That(Repo.Read("deploy/k8s/overlays/example/.gitignore").Split('\n'), Does.Contain("secrets.env"), "an overlay's real secrets.env is never committed");
            Assert.That(Repo.Read("deploy/k8s/overlays/example/kustomization.yaml"), Does.Contain("behavior: replace"), "the example shows how to replace the placeholders");
            Assert.That(Repo.Read("deploy/k8s/base/kustomization.yaml"), Does.Contain("kustomizeconfig/keda.yaml"), "the TriggerAuthentication follows the Secret's hashed name");
        });
    }

    private static Dictionary<string, string> Environment(Kustomization build, OurImage image, Dictionary<string, object?> container)
    {
        var environment = The_dockerfiles.Environment(Dockerfile.Load(image.Dockerfile));
        foreach (var (key, value) in build.EnvironmentOf(container))
        {
            environment[key] = value ?? "";
        }

        return environment;
    }

    private static List<string> Strings(Dictionary<string, object?> container, string key) => [.. container.Items(key).OfType<string>()];

    private static string Number(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // A probe's or Service's port: a number, or the name of a container port.
    private static int? PortNumber(List<Dictionary<string, object?>> ports, string? port) =>
        int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number
            : ports.FirstOrDefault(p => p.Text("name") == port)?.Text("containerPort") is { } named ? int.Parse(named, System.Globalization.CultureInfo.InvariantCulture) : null;

    private static bool Matches(Dictionary<string, object?> selector, Dictionary<string, object?>? labels) =>
        selector.Count > 0 && labels is not null && selector.All(s => labels.TryGetValue(s.Key, out var value) && Equals(value, s.Value));
}
