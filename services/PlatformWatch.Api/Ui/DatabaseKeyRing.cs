using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Ui;

/// <summary>
/// The Data Protection key ring (it protects session cookies and anti-forgery tokens) kept in the
/// case database, so every API instance shares it: a session opened on one instance is honoured by
/// all, and survives restarts and redeployments. The keys are stored as Data Protection writes them;
/// the database is the system's confidential store already (access to it is access to the cases).
/// </summary>
public sealed class DatabaseKeyRing(CaseStore store) : IXmlRepository
{
    /// <summary>Uses the case database for the key ring of the application <c>PlatformWatch</c>.</summary>
    public static void AddTo(IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("PlatformWatch");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DatabaseKeyRing(provider.GetRequiredService<CaseStore>())));
    }

    /// <inheritdoc />
    public IReadOnlyCollection<XElement> GetAllElements() =>
        store.Keys.ListDataProtectionKeysAsync().GetAwaiter().GetResult().Select(x => XElement.Parse(x)).ToList();

    /// <inheritdoc />
    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        store.Keys.AddDataProtectionKeyAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting)).GetAwaiter().GetResult();
    }
}
