using AsaEmu.ConfigModel.Rendering;
using AsaEmu.Shell.Sessions;

namespace AsaEmu.Shell.Events;

/// <summary>
/// The hooks a CLI session calls: <see cref="Entered"/> for every line typed (the history), and
/// <see cref="Executed"/> after a command ran (the 111008/111009 syslog message, and the mode and
/// privilege changes it caused: 111007/111005, 502103).
/// </summary>
public static class SessionEvents
{
    /// <summary>Remembers a typed line for <c>show history</c>, its secrets masked as everywhere else it is shown [M].</summary>
    public static void Entered(CliSession session, string line)
    {
        if (line.Trim().Length > 0) SessionState.Of(session).Remember(SecretMasking.Line(line.Trim()));
    }

    public static void Executed(CliSession session, string line)
    {
        var state = SessionState.Of(session);
        var bus = session.Appliance.Events;
        var privilegeBefore = state.LastPrivilege ?? 1;
        bus.Publish(SyslogCatalogue.Executed(session.User, line));
        if (session.Privilege != privilegeBefore)
            bus.Publish(SyslogCatalogue.Privilege(session.User, privilegeBefore, session.Privilege));
        var inConfig = session.Config is not null;
        if (inConfig && !state.WasConfig) bus.Publish(SyslogCatalogue.BeginConfiguring(state.Origin));
        if (!inConfig && state.WasConfig) bus.Publish(SyslogCatalogue.EndConfiguring(state.Origin));
        state.WasConfig = inConfig;
        state.LastPrivilege = session.Privilege;
    }
}
