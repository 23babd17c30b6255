import { createParamDecorator } from '@nestjs/common';
import { currentRequester } from '@littoral/auth';

export { RequireRoles, PublicQuery } from '@littoral/auth';

/** The verified caller of this GraphQL operation; null on a @PublicQuery. */
export const CurrentRequester = createParamDecorator(currentRequester);
