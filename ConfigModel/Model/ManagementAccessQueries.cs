namespace AsaEmu.ConfigModel.Model;

/// <summary>
/// Who may open a management session (<c>ssh</c>, <c>telnet</c>) on which interface, as the
/// listeners ask it when a connection arrives.
/// </summary>
public static class ManagementAccessQueries
{
    /// <summary>
    /// The <c>PROTOCOL ADDR MASK IF</c> lines of <paramref name="nameIf"/> that let
    /// <paramref name="source"/> in. None means the ASA refuses the connection: an interface
    /// without such lines admits nobody.
    /// </summary>
    public static IEnumerable<ManagementAccess> ManagementAccessPermitting(this AsaConfig config, string protocol, string nameIf, Ipv4 source) =>
        config.All<ManagementAccess>().Where(a => a.Protocol == protocol && a.Interface == nameIf && a.Permits(source));
}
