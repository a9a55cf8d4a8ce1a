import { Body, Controller, Get, HttpCode, Param, Post, UnprocessableEntityException } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { InvalidEventError, validateEventData } from '@forewarn/contracts';
import { PreviewTemplateDto, RenderedEmailView, TemplateView, templateViewOf } from './template.dto';
import { TemplateRenderer } from './template-renderer';

@ApiTags('templates')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid staff token' })
@Controller('api/v1/templates')
export class TemplatesController {
  constructor(private readonly renderer: TemplateRenderer) {}

  @Get()
  @ApiOperation({ summary: 'The email templates, each with its version and sample data' })
  @ApiOkResponse({ type: [TemplateView] })
  list(): TemplateView[] {
    return this.renderer.templates().map(templateViewOf);
  }

  /** Shows exactly what a contact would get for the given data. */
  @Post(':name/preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Renders a template as it would be sent: { subject, html, text }' })
  @ApiParam({ name: 'name', example: 'subprocessor-change-announced' })
  @ApiOkResponse({ type: RenderedEmailView })
  @ApiBadRequestResponse({ description: 'data is not an object' })
  @ApiUnprocessableEntityResponse({ description: "data is an object but does not satisfy the template's event contract (each field named): such an event would be dead-lettered, not sent" })
  @ApiNotFoundResponse({ description: 'No template of this name (the message lists them)' })
  preview(@Param('name') name: string, @Body() body: PreviewTemplateDto): RenderedEmailView {
    const template = this.renderer.templateNamed(name);
    const failures: string[] = [];
    for (const contract of template.contracts) {
      try {
        validateEventData(contract, body.data);
        return this.renderer.render(name, body.data);
      } catch (e) {
        if (!(e instanceof InvalidEventError)) throw e;
        failures.push(e.message.replace(/^invalid event data: /, ''));
      }
    }
    throw new UnprocessableEntityException(failures.map((f) => `data: ${f}`));
  }
}
