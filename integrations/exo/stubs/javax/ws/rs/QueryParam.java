package javax.ws.rs;
import java.lang.annotation.*;
/** Compile-only stub of eXo's published signature (see integrations/exo/README.md); never packaged. */
@Target({ElementType.PARAMETER, ElementType.FIELD}) @Retention(RetentionPolicy.RUNTIME) public @interface QueryParam { String value(); }
