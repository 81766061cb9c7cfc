from twisted.application import internet, service
from twisted.internet import protocol


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


factory = protocol.ServerFactory()
factory.protocol = Echo
application = service.Application("echo")
internet.TCPServer(8007, factory).setServiceParent(application)
