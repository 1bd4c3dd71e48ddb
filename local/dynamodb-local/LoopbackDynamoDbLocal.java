import java.io.OutputStream;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local's main class makes a Jetty server on every interface, with no option to narrow it.
 * This launcher builds the same server through the same entry point, binds its connectors to
 * 127.0.0.1 before it starts (and refuses to start otherwise), and stops it when its standard input
 * closes: when the process that spawned it stops it, or dies, even by SIGKILL.
 */
public class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    if (server.getConnectors().length == 0) throw new IllegalStateException("DynamoDB Local has no connector to bind to 127.0.0.1");
    for (Connector connector : server.getConnectors()) ((ServerConnector) connector).setHost("127.0.0.1");
    proxy.start();
    if (!server.isStarted()) System.exit(1);
    System.in.transferTo(OutputStream.nullOutputStream());
    proxy.stop();
    System.exit(0);
  }
}
