using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Passwords;
using AsaEmu.Crypto.Events;

namespace AsaEmu.Crypto.Aaa;

/// <summary>
/// The local user database at run time: every check of a local user's password (SSH, telnet,
/// <c>login</c>, XAUTH) goes through <see cref="Authenticate"/>, which keeps each user's successive
/// failures and lock (<c>aaa local authentication attempts max-fail N</c>) and the
/// <see cref="SourceThrottle"/>. One instance serves the appliance's sessions and the IKE engine's
/// control loop alike, so it is thread-safe; it is pure: the config snapshot and the time are passed
/// in, and the AAA syslog messages come back in the outcome for the caller to publish. A user's last
/// accepted password is remembered (<see cref="VerifiedPasswords"/>) so that a reconnect storm does not
/// pay a PBKDF2 per login.
/// </summary>
/// <remarks>
/// As on the ASA [M: ASA command reference, <c>aaa local authentication attempts max-fail</c>, from
/// memory; the IOS "Login Password Retry Lockout" guide says the same]: a success resets the count,
/// a locked user is refused even with the right password and without being told why, privilege 15
/// users are never locked out (an administrator cannot be locked out), and removing <c>max-fail</c>
/// leaves the locks in place until they are cleared. Unknown user names are not remembered, so a
/// spray of names cannot grow this state.
/// </remarks>
public sealed class LocalUserDatabase(SourceThrottle? sources = null)
{
    /// <summary>The privilege level no lockout applies to.</summary>
    public const int AdministratorPrivilege = 15;

    private sealed class Failures
    {
        public int Count;
        public bool Locked;
    }

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Failures> _users = new(StringComparer.Ordinal);
    private readonly VerifiedPasswords _verified = new();

    public SourceThrottle Sources { get; } = sources ?? new SourceThrottle();

    /// <summary>Checks <paramref name="attempt"/> against the local users of <paramref name="config"/>.</summary>
    public LoginOutcome Authenticate(AsaConfig config, LoginAttempt attempt, DateTimeOffset now)
    {
        if (attempt.Source is { } source && Sources.IsBlocked(source, now)) return new(null, LoginRefusal.Throttled, []);
        var account = attempt.User.Length == 0 ? null : config.Get<Username>(attempt.User);
        if (account is null)
        {
            _verified.Forget(attempt.User);
            return Refuse(attempt, LoginRefusal.UnknownUser, now, []);
        }

        lock (_gate)
        {
            var failures = _users.GetValueOrDefault(account.Name);
            var lockable = account.Privilege < AdministratorPrivilege;
            if (failures is { Locked: true } && lockable) return Refuse(attempt, LoginRefusal.LockedOut, now, []);
            var refusal = Check(account, attempt, _verified);
            if (refusal == LoginRefusal.None)
            {
                _users.Remove(account.Name);
                return new(account, LoginRefusal.None, [AaaSyslog.Accepted(account.Name)]);
            }
            failures ??= _users[account.Name] = new Failures();
            failures.Count++;
            List<AsaEvent> locked = [];
            if (lockable && !failures.Locked && config.Get<AaaLocalMaxFail>()?.Attempts is { } max && failures.Count >= max)
            {
                failures.Locked = true;
                locked.Add(AaaSyslog.LockedOut(account.Name, max));
            }
            return Refuse(attempt, refusal, now, locked);
        }
    }

    /// <summary>
    /// The password check itself: a <c>nopassword</c> user only by <c>login</c>, as the ASA lets any
    /// password through there; the user's last accepted password by <paramref name="verified"/>, else the stored hash.
    /// </summary>
    private static LoginRefusal Check(Username account, LoginAttempt attempt, VerifiedPasswords verified)
    {
        if (account.Password is not { } stored) return attempt.Service == LoginService.LoginCommand ? LoginRefusal.None : LoginRefusal.NoPassword;
        if (verified.Matches(account.Name, stored, attempt.Password)) return LoginRefusal.None;
        if (!AsaPasswordHash.Verify(account.Name, attempt.Password, stored)) return LoginRefusal.WrongPassword;
        verified.Remember(account.Name, stored, attempt.Password);
        return LoginRefusal.None;
    }

    private LoginOutcome Refuse(LoginAttempt attempt, LoginRefusal refusal, DateTimeOffset now, List<AsaEvent> after)
    {
        if (attempt.Source is { } source) Sources.Failed(source, now);
        return new(null, refusal, [AaaSyslog.Rejected(attempt.User, refusal, attempt.Source), .. after]);
    }

    /// <summary>The users with failures or a lock, in config order (<c>show aaa local user</c>); <paramref name="lockedOnly"/> for <c>... locked</c>.</summary>
    public IReadOnlyList<LocalUserStatus> Status(AsaConfig config, bool lockedOnly = false)
    {
        lock (_gate)
            return [.. config.All<Username>()
                .Select(u => _users.TryGetValue(u.Name, out var f) ? new LocalUserStatus(u.Name, f.Count, f.Locked) : null)
                .OfType<LocalUserStatus>()
                .Where(s => !lockedOnly || s.Locked)];
    }

    /// <summary>
    /// <c>clear aaa local user lockout {all | username U}</c>: unlocks (<paramref name="user"/> null for all)
    /// and zeroes the failures; returns 113007 for each user it unlocked, naming <paramref name="by"/>.
    /// </summary>
    public IReadOnlyList<AsaEvent> ClearLockout(string? user, string by)
    {
        lock (_gate)
        {
            var names = user is null ? [.. _users.Keys] : _users.ContainsKey(user) ? [user] : Array.Empty<string>();
            List<AsaEvent> events = [];
            foreach (var name in names)
            {
                if (_users[name].Locked) events.Add(AaaSyslog.Unlocked(name, by));
                _users.Remove(name);
            }
            return events;
        }
    }

    /// <summary><c>clear aaa local user fail-attempts {all | username U}</c>: zeroes the failures, a lock stays.</summary>
    public void ClearFailedAttempts(string? user)
    {
        lock (_gate)
        {
            foreach (var name in user is null ? [.. _users.Keys] : new[] { user })
            {
                if (!_users.TryGetValue(name, out var f)) continue;
                if (f.Locked) f.Count = 0;
                else _users.Remove(name);
            }
        }
    }
}
