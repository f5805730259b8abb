namespace SendGateway.Smtp.StateMachine;

public enum SmtpStateId
{
    WaitingForHelo,
    Ready,
    WaitingForRecipient,
    HasRecipients,
    ReceivingChunks,
}
