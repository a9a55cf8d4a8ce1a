import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '@forewarn/auth';
import { Clock } from '@forewarn/platform';
import { EndpointWithSecretView, endpointViewOf, RegisterEndpointDto, RotateSecretDto, WebhookEndpointView } from './webhook-endpoint.dto';
import { WebhookEndpoints } from './webhook-endpoints.service';

const actorOf = (staff: StaffPrincipal) => `user:${staff.sub}`;

/** Customers' webhook endpoints. Admins keep the directory, so they register them on the customer's behalf. */
@ApiTags('customer webhooks')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or invalid token' })
@Controller('api/v1/customers/:customerId/webhook-endpoints')
export class WebhookEndpointsController {
  constructor(
    private readonly endpoints: WebhookEndpoints,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('compliance', 'admin', 'auditor')
  @ApiOperation({ summary: "The customer's webhook endpoints, removed ones included (never their secrets)" })
  @ApiOkResponse({ type: [WebhookEndpointView] })
  async list(@Param('customerId') customerId: string): Promise<WebhookEndpointView[]> {
    const now = this.clock.now();
    return (await this.endpoints.ofCustomer(customerId)).map((e) => endpointViewOf(e, now));
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Registers an endpoint for change and/or breach notices, signed per Standard Webhooks; the answer carries its secret, shown this once' })
  @ApiCreatedResponse({ type: EndpointWithSecretView })
  @ApiBadRequestResponse({ description: 'A field is invalid (named in the message)' })
  @ApiUnprocessableEntityResponse({ description: 'The URL cannot be an endpoint: not absolute, not https (in production), with credentials, or pointing at an internal address' })
  @ApiForbiddenResponse({ description: 'Not an admin' })
  @ApiNotFoundResponse({ description: 'No customer has this id' })
  @ApiConflictResponse({ description: 'The customer is inactive, already has this URL, or has 5 endpoints' })
  async register(@Param('customerId') customerId: string, @Body() dto: RegisterEndpointDto, @CurrentStaff() staff: StaffPrincipal): Promise<EndpointWithSecretView> {
    const { endpoint, secret } = await this.endpoints.register(customerId, dto, actorOf(staff));
    return { ...endpointViewOf(endpoint, this.clock.now()), secret };
  }

  @Post(':endpointId/secret-rotations')
  @Roles('admin')
  @ApiOperation({ summary: 'Makes a new signing secret (shown this once); the current one keeps signing beside it for overlapHours (24 by default)' })
  @ApiCreatedResponse({ type: EndpointWithSecretView })
  @ApiBadRequestResponse({ description: 'overlapHours is not a whole number from 0 to 168' })
  @ApiForbiddenResponse({ description: 'Not an admin' })
  @ApiNotFoundResponse({ description: 'No such endpoint of this customer' })
  @ApiConflictResponse({ description: 'The endpoint was removed' })
  async rotate(@Param('customerId') customerId: string, @Param('endpointId') endpointId: string, @Body() dto: RotateSecretDto, @CurrentStaff() staff: StaffPrincipal): Promise<EndpointWithSecretView> {
    const { endpoint, secret } = await this.endpoints.rotateSecret(customerId, endpointId, dto, actorOf(staff));
    return { ...endpointViewOf(endpoint, this.clock.now()), secret };
  }

  @Delete(':endpointId')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Removes the endpoint: no further deliveries (it stays on record for the proofs that name it)' })
  @ApiOkResponse({ type: WebhookEndpointView })
  @ApiForbiddenResponse({ description: 'Not an admin' })
  @ApiNotFoundResponse({ description: 'No such endpoint of this customer' })
  async remove(@Param('customerId') customerId: string, @Param('endpointId') endpointId: string, @CurrentStaff() staff: StaffPrincipal): Promise<WebhookEndpointView> {
    return endpointViewOf(await this.endpoints.remove(customerId, endpointId, actorOf(staff)), this.clock.now());
  }
}
