import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.List;

/**
 * Runs mongo-java-server's in-memory backend on 127.0.0.1:PORT until killed, for the tests
 * that need each write to one document to be atomic (FerretDB 1.x's findAndModify is not).
 *
 * <p>Usage: {@code java MongoJavaTestServer PORT}. Prints {@code listening PORT} once bound.
 */
public final class MongoJavaTestServer {
  /**
   * mongo-java-server 1.47 implements MongoDB 5.0's commands but reports wire version 8 (4.2),
   * which the Node.js driver 7 refuses (it needs 9 or more); 13 is what MongoDB 5.0 reports.
   */
  private static final MongoVersion MONGO_5_0 = new MongoVersion() {
    @Override
    public List<Integer> getVersionArray() {
      return List.of(5, 0, 0);
    }

    @Override
    public int getWireVersion() {
      return 13;
    }
  };

  private MongoJavaTestServer() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 1) {
      System.err.println("usage: java MongoJavaTestServer PORT");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    MongoServer server = new MongoServer(new MemoryBackend().version(MONGO_5_0));
    server.bind("127.0.0.1", port);
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    System.out.println("listening " + port);
    Thread.currentThread().join();
  }
}
