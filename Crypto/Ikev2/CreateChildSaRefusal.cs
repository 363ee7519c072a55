using AsaEmu.Crypto.Ike;
using TaskStatus = AsaEmu.Crypto.Ike.TaskStatus;

namespace AsaEmu.Crypto.Ikev2;

/// <summary>
/// CREATE_CHILD_SA as responder, until AsaEmu rekeys over IKEv2: refused with NO_ADDITIONAL_SAS
/// (§1.3, §3.10.1), which leaves the IKE SA and its Child SAs as they are.
/// </summary>
public sealed class CreateChildSaRefusal(Ikev2Sa sa) : Ikev2Task(sa)
{
    public override Ikev2Exchange Exchange => Ikev2Exchange.CreateChildSa;

    public override (IReadOnlyList<Ikev2Payload> Response, TaskStatus Status) ProcessRequest(IkeContext ctx, Ikev2Inbound request) =>
        ([new Ikev2NotifyPayload(0, default, Ikev2NotifyTypes.NoAdditionalSas, default)], TaskStatus.Done);
}
