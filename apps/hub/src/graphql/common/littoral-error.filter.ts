import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { LittoralError } from '@littoral/contracts';

/** Hands a LittoralError back to GraphQL untouched, so formatGraphqlError maps its code (no stack trace logged). */
@Catch(LittoralError)
export class LittoralErrorFilter implements GqlExceptionFilter {
  catch(error: LittoralError): LittoralError {
    return error;
  }
}
