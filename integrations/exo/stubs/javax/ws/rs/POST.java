package javax.ws.rs;
import java.lang.annotation.*;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
@Target(ElementType.METHOD) @Retention(RetentionPolicy.RUNTIME) public @interface POST {}
