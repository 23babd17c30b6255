import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { LittoralError } from '@littoral/contracts';

/**
 * Hands a LittoralError back to GraphQL untouched, so formatGraphqlError maps
 * its code. Without it Nest logs every refused input as an unhandled error
 * with a stack trace; anything else still reaches Nest's logging handler.
 */
@Catch(LittoralError)
export class LittoralErrorFilter implements GqlExceptionFilter {
  catch(error: LittoralError): LittoralError {
    return error;
  }
}
