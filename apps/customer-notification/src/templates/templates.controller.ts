import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@forewarn/auth';
import { PreviewTemplateDto } from './template.dto';
import { TemplateRenderer } from './template-renderer';

@ApiTags('templates')
@ApiBearerAuth()
@Controller('api/v1/templates')
export class TemplatesController {
  constructor(private readonly renderer: TemplateRenderer) {}

  @Get()
  list(): { names: string[] } {
    return { names: this.renderer.names() };
  }

  /** Shows exactly what a contact would get for the given data. */
  @Post(':name/preview')
  @HttpCode(200)
  @Roles('admin', 'compliance', 'responder')
  preview(@Param('name') name: string, @Body() body: PreviewTemplateDto) {
    const { subject, html, text, templateVersion } = this.renderer.render(name, body.data);
    return { subject, html, text, templateVersion };
  }
}
